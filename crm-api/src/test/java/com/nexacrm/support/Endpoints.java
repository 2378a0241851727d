package com.nexacrm.support;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.nexacrm.tenant.Permission;
import com.nexacrm.security.Guards;

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
		Permission permission = Guards.permissionOf(handler).orElse(null);
		return info.getPatternValues()
			.stream()
			.flatMap((path) -> info.getMethodsCondition()
				.getMethods()
				.stream()
				.map((method) -> new Endpoint(method, path, handler, permission)))
			.toList();
	}

	/**
	 * One method and path, with the permission it needs (null when not guarded by one).
	 */
	public record Endpoint(RequestMethod method, String path, HandlerMethod handler, Permission permission) {

		public boolean isPublic() {
			return Guards.isPublic(this.handler);
		}

		public boolean isSignedIn() {
			return Guards.isSignedIn(this.handler);
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

		/** The path with every {variable} replaced by a fresh random id. */
		public String withRandomIds() {
			return this.path.replaceAll("\\{[^}]+}", java.util.UUID.randomUUID().toString());
		}

		/** The first path segment after /api/v1/, e.g. deals. */
		public String resource() {
			return this.path.split("/")[3];
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
