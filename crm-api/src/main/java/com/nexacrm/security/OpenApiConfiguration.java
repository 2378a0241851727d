package com.nexacrm.security;

import java.util.List;

import com.nexacrm.tenant.Permission;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;

/**
 * Completes the OpenAPI document from the guard's own annotations, so it cannot drift
 * from what is enforced: each operation gets its security (session cookie and/or API key
 * with the scope), the CSRF header where a session changes state, and the problem
 * responses it can return.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String SESSION = "session";

	static final String API_KEY = "apiKey";

	@Bean
	OpenAPI nexaOpenApi() {
		Schema<?> problem = new Schema<>().type("object")
			.description("RFC 9457 problem details")
			.addProperty("type", new Schema<>().type("string").format("uri"))
			.addProperty("title", new Schema<>().type("string"))
			.addProperty("status", new Schema<>().type("integer"))
			.addProperty("detail", new Schema<>().type("string"))
			.addProperty("requestId", new Schema<>().type("string"))
			.addProperty("errors",
					new Schema<>().type("array")
						.items(new Schema<>().type("object")
							.addProperty("field", new Schema<>().type("string"))
							.addProperty("message", new Schema<>().type("string"))));
		return new OpenAPI()
			.info(new Info().title("NexaCRM API")
				.version("v1")
				.description("Multi-tenant CRM. Every call acts in one organisation: the session's active "
						+ "organisation, or the API key's. Errors are application/problem+json."))
			.components(new Components().addSchemas("Problem", problem)
				.addSecuritySchemes(SESSION,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name(RequestGuard.SESSION_COOKIE)
							.description("Browser session from POST /api/v1/session; state-changing calls also "
									+ "need the X-CSRF-Token header"))
				.addSecuritySchemes(API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("Organisation API key (nxk_...) from POST /api/v1/api-keys")));
	}

	@Bean
	OperationCustomizer guardDocumentation() {
		return (operation, handler) -> {
			Permission requires = Guards.permissionOf(handler).orElse(null);
			boolean signedIn = Guards.isSignedIn(handler);
			boolean open = Guards.isPublic(handler);
			if (operation.getResponses() == null) {
				operation.setResponses(new ApiResponses());
			}
			problem(operation, "400", "Invalid or malformed input");
			problem(operation, "413", "Request body too large");
			problem(operation, "500", "Unexpected failure (with a request id)");
			if (open) {
				operation.setSecurity(List.of());
				problem(operation, "401", "Wrong credentials, where credentials are checked");
				problem(operation, "409", "Conflicts with existing data");
				problem(operation, "410", "The invitation link is no longer valid");
				problem(operation, "429", "Too many attempts");
				return operation;
			}
			if (requires != null) {
				operation.setSecurity(List.of(new SecurityRequirement().addList(SESSION),
						new SecurityRequirement().addList(API_KEY, requires.scope())));
				operation
					.setDescription(((operation.getDescription() != null) ? operation.getDescription() + "\n\n" : "")
							+ "Needs the permission `" + requires.scope() + "`.");
				problem(operation, "404", "Not found in this organisation");
				problem(operation, "409", "Conflicts with the current state");
			}
			else if (signedIn) {
				operation.setSecurity(List.of(new SecurityRequirement().addList(SESSION)));
			}
			problem(operation, "401", "Not signed in, or the API key is unknown or revoked");
			problem(operation, "403", "Not allowed for this role or key, missing CSRF token, or no organisation");
			if (!isSafe(handler)) {
				operation.addParametersItem(new Parameter().in("header")
					.name(RequestGuard.CSRF_HEADER)
					.required(false)
					.description("Required with a session cookie; the csrfToken of GET /api/v1/session")
					.schema(new Schema<>().type("string")));
			}
			return operation;
		};
	}

	private static boolean isSafe(HandlerMethod handler) {
		return handler.hasMethodAnnotation(org.springframework.web.bind.annotation.GetMapping.class);
	}

	private static void problem(Operation operation, String status, String description) {
		if (!operation.getResponses().containsKey(status)) {
			operation.getResponses()
				.addApiResponse(status,
						new ApiResponse().description(description)
							.content(new Content().addMediaType("application/problem+json",
									new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
		}
	}

}
