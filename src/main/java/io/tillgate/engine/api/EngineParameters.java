package io.tillgate.engine.api;

import io.tillgate.engine.EngineException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine APIs take the query parameters their calls name, each once unless it is a list (Talon.One repeats a list's
 * name for each value), and each with a value unless it is text: a misspelt filter ({@code advocat=}) would list
 * everything, a parameter given twice would be read once, the other dropped without a word, and {@code ?dry} without a
 * value would be read as its default, {@code false}. Each is a 400 naming the parameter.
 */
@Configuration
public class EngineParameters implements WebMvcConfigurer, HandlerInterceptor {
    /** What a call's parameter may be: a list (given once a value), text (given empty too). */
    private record Declared(boolean list, boolean text) {
    }

    private final Map<java.lang.reflect.Method, Map<String, Declared>> declared = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null || !engine(method.getBeanType())) {
            return true;
        }
        Map<String, Declared> known = declared.computeIfAbsent(method.getMethod(), m -> names(method));
        Set<String> seen = new HashSet<>();
        for (io.tillgate.engine.web.QueryNames.Pair pair : io.tillgate.engine.web.QueryNames.of(request.getQueryString())) {
            String name = pair.name();
            Declared parameter = known.get(name);
            if (parameter == null) {
                throw EngineException.invalidParameter(name, "'" + name + "' is not a parameter of this call"
                        + (known.isEmpty() ? ", which takes none" : "; it takes " + String.join(", ", new TreeSet<>(known.keySet()))));
            }
            if (!seen.add(name) && !parameter.list()) {
                throw EngineException.invalidParameter(name, "'" + name + "' is given twice");
            }
            if (!parameter.text() && !pair.hasValue()) {
                throw EngineException.invalidParameter(name, "'" + name + "' is given without a value");
            }
        }
        return true;
    }

    private static boolean engine(Class<?> type) {
        return EngineSurface.class.isAssignableFrom(type) || type == IntegrationApi.class || type == ManagementApi.class;
    }

    private static Map<String, Declared> names(HandlerMethod method) {
        Map<String, Declared> names = new java.util.HashMap<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            Class<?> type = parameter.nestedIfOptional().getNestedParameterType(); // Optional<String> is text
            names.put(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : parameter.getParameterName(),
                    new Declared(java.util.Collection.class.isAssignableFrom(type) || type.isArray(), type == String.class));
        }
        return Map.copyOf(names);
    }
}
