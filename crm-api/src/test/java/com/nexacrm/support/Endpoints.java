package com.nexacrm.support;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Public;
import com.nexacrm.security.Requires;
import com.nexacrm.security.SignedIn;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint the app maps, read from Spring MVC itself, so a new endpoint is
 * covered by the role-matrix, cross-tenant and documentation tests without anyone listing
 * it.
 */
public final class Endpoints {

	private Endpoints() {
	}

	public static List<Endpoint> all(RequestMappingHandlerMapping mapping) {
		return mapping.getHandlerMethods()
			.entrySet()
			.stream()
			.flatMap((entry) -> endpoints(entry.getKey(), entry.getValue()).stream())
			.filter((endpoint) -> endpoint.path().startsWith("/api/"))
			.sorted(Comparator.comparing(Endpoint::toString))
			.toList();
	}

	private static List<Endpoint> endpoints(RequestMappingInfo info, HandlerMethod handler) {
		Requires requires = handler.getMethodAnnotation(Requires.class);
		return info.getPatternValues()
			.stream()
			.flatMap((path) -> info.getMethodsCondition()
				.getMethods()
				.stream()
				.map((method) -> new Endpoint(method, path, handler, (requires != null) ? requires.value() : null)))
			.toList();
	}

	/**
	 * One method and path, with the permission it needs (null when not guarded by one).
	 */
	public record Endpoint(RequestMethod method, String path, HandlerMethod handler, Permission permission) {

		public boolean isPublic() {
			return this.handler.hasMethodAnnotation(Public.class);
		}

		public boolean isSignedIn() {
			return this.handler.hasMethodAnnotation(SignedIn.class);
		}

		public boolean hasPathVariables() {
			return this.path.contains("{");
		}

		/** The path with each {variable} replaced by the value given for it. */
		public String expand(Map<String, String> values) {
			String result = this.path;
			for (var entry : values.entrySet()) {
				result = result.replace("{" + entry.getKey() + "}", entry.getValue());
			}
			return result;
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
