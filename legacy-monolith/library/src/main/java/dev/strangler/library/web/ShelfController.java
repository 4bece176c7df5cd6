package dev.strangler.library.web;

import dev.strangler.library.catalog.Book;
import dev.strangler.library.catalog.BookRepository;
import dev.strangler.library.loans.LoanRepository;
import java.security.Principal;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The shelf as HTML: the book list, a book's page (its canonical address is by id; the old address by ISBN redirects
 * there for good), a member's own loans, and the login form (Spring Security takes its POST).
 */
@Controller
class ShelfController {

    static final int PAGE_SIZE = 25;

    private final BookRepository books;
    private final LoanRepository loans;

    ShelfController(BookRepository books, LoanRepository loans) {
        this.books = books;
        this.loans = loans;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/shelf";
    }

    @GetMapping("/shelf")
    String shelf(@RequestParam(defaultValue = "0") int page, Model model) {
        if (page < 0) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "page " + page + " does not exist: pages start at 0");
        }
        model.addAttribute("books", books.findAll(PageRequest.of(page, PAGE_SIZE, Sort.by("title", "isbn"))));
        return "shelf";
    }

    @GetMapping("/shelf/{id}")
    String book(@PathVariable UUID id, Model model) {
        Book book = books.findById(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no book " + id));
        model.addAttribute("book", book);
        return "book";
    }

    @GetMapping("/books/{isbn}")
    RedirectView byIsbn(@PathVariable String isbn) {
        Book book = books.findByIsbn(isbn)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no book with ISBN " + isbn));
        RedirectView canonical = new RedirectView("/shelf/" + book.getId(), true);
        canonical.setStatusCode(HttpStatus.MOVED_PERMANENTLY);
        return canonical;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/account")
    String account(Principal member, Model model) {
        model.addAttribute("member", member.getName());
        model.addAttribute("loans", loans.findByMemberEmailOrderByLentAtDesc(member.getName()));
        return "account";
    }
}
