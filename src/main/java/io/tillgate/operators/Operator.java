package io.tillgate.operators;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.List;

/**
 * A person who runs the gateway: {@code tillgate.operators[n]}. The password is in Spring Security's
 * delegating form ({@code {bcrypt}…} or, for demos, {@code {noop}…}); roles are {@link OperatorRole} names.
 */
public record Operator(String name, String password, List<OperatorRole> roles) {
    public Operator {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tillgate.operators: every operator needs a name");
        }
        if (password == null || !password.matches("\\{[\\w-]+}.+")) {
            throw new IllegalArgumentException("tillgate.operators: operator '" + name
                    + "' needs a password in the form {bcrypt}<hash> (or {noop}<password> for a demo)");
        }
        roles = roles == null || roles.isEmpty() ? List.of(OperatorRole.VIEWER) : List.copyOf(roles);
    }

    /** The operators {@code tillgate.operators} configures (none when it is absent). */
    static List<Operator> configured(Environment environment) {
        return Binder.get(environment).bind("tillgate.operators", Bindable.listOf(Operator.class)).orElse(List.of());
    }
}
