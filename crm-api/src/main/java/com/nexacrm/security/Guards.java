package com.nexacrm.security;

import java.util.Locale;
import java.util.Optional;

import com.nexacrm.tenant.Permission;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * How an endpoint is guarded, read from its annotations. The request guard, the OpenAPI
 * document and the tests all ask here, so they cannot disagree.
 */
public final class Guards {

	private Guards() {
	}

	/**
	 * The permission the endpoint needs in the current organisation, if it is
	 * permission-guarded.
	 */
	public static Optional<Permission> permissionOf(HandlerMethod handler) {
		Requires requires = handler.getMethodAnnotation(Requires.class);
		if (requires != null) {
			return Optional.of(requires.value());
		}
		RecordAction action = handler.getMethodAnnotation(RecordAction.class);
		if (action == null) {
			return Optional.empty();
		}
		RecordResource resource = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(),
				RecordResource.class);
		if (resource == null) {
			throw new IllegalStateException(handler + " has @RecordAction but its class no @RecordResource");
		}
		return Optional.of(Permission.valueOf(resource.value().toUpperCase(Locale.ROOT) + "_" + action.value()));
	}

	public static boolean isSignedIn(HandlerMethod handler) {
		return handler.hasMethodAnnotation(SignedIn.class);
	}

	public static boolean isPublic(HandlerMethod handler) {
		return handler.hasMethodAnnotation(Public.class);
	}

}
