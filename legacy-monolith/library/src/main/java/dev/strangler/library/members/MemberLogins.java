package dev.strangler.library.members;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The form login's user store: a member logs in with their email; their roles become {@code ROLE_*} authorities. */
@Service
class MemberLogins implements UserDetailsService {

    private final MemberRepository members;

    MemberLogins(MemberRepository members) {
        this.members = members;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        Member member =
                members.findByEmail(email).orElseThrow(() -> new UsernameNotFoundException("no member " + email));
        return User.withUsername(member.getEmail())
                .password(member.getPasswordHash())
                .roles(member.getRoles().toArray(String[]::new))
                .build();
    }
}
