package dev.strangler.monolith.orders;

import dev.strangler.monolith.errors.ApiException;
import dev.strangler.monolith.users.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class OrderController {

    record ItemRequest(
            @NotNull Long productId,
            @NotNull @Min(1) @Max(100) Integer quantity) {}

    record CheckoutRequest(
            @NotEmpty @Size(max = 50) List<@Valid @NotNull ItemRequest> items,
            @NotBlank @Size(max = 100) String paymentToken) {}

    private final CheckoutService checkout;
    private final OrderRepository orders;

    OrderController(CheckoutService checkout, OrderRepository orders) {
        this.checkout = checkout;
        this.orders = orders;
    }

    @PostMapping("/api/orders")
    @ResponseStatus(HttpStatus.CREATED)
    OrderView place(Caller caller, @Valid @RequestBody CheckoutRequest request) {
        List<CheckoutService.Line> lines = request.items().stream()
                .map(i -> new CheckoutService.Line(i.productId(), i.quantity()))
                .toList();
        return checkout.checkout(caller, lines, request.paymentToken());
    }

    @GetMapping("/api/orders")
    @Transactional(readOnly = true)
    List<OrderView> history(Caller caller) {
        return orders.findByUserIdOrderByCreatedAtDescIdDesc(caller.userId()).stream()
                .map(OrderView::of)
                .toList();
    }

    @GetMapping("/api/orders/{id}")
    @Transactional(readOnly = true)
    OrderView order(Caller caller, @PathVariable long id) {
        return orders.findByIdAndUserId(id, caller.userId())
                .map(OrderView::of)
                .orElseThrow(() -> ApiException.notFound("Order " + id));
    }

    @PostMapping("/api/orders/{id}/cancel")
    OrderView cancel(Caller caller, @PathVariable long id) {
        return checkout.cancel(caller, id);
    }
}
