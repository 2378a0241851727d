package com.nexacrm.platform.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into an RFC 9457 problem with a stable type. Nothing internal
 * (stack traces, SQL, class names) reaches the client; unexpected failures are logged
 * with the request id the client sees.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
		ProblemDetail body = Problems.of(problem.type(), problem.getMessage());
		problem.properties().forEach(body::setProperty);
		HttpHeaders headers = new HttpHeaders();
		Object retryAfter = problem.properties().get("retryAfterSeconds");
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfter.toString());
		}
		return respond(body, headers);
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, ConstraintViolationException.class })
	ResponseEntity<ProblemDetail> badParameter(Exception ex) {
		return respond(Problems.of(ProblemType.VALIDATION, "A parameter has an invalid value"), new HttpHeaders());
	}

	@ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
	ResponseEntity<ProblemDetail> badMultipart(Exception ex) {
		return respond(Problems.of(ProblemType.MALFORMED, "The multipart body could not be read"), new HttpHeaders());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unhandled failure", ex);
		return respond(Problems.of(ProblemType.INTERNAL, "The request failed; quote the request id when reporting it"),
				new HttpHeaders());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			Map<String, String> entry = new LinkedHashMap<>();
			entry.put("field", error.getField());
			entry.put("message", error.getDefaultMessage());
			errors.add(entry);
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors
				.add(Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
		ProblemDetail body = Problems.of(ProblemType.VALIDATION, "Some fields are invalid");
		body.setProperty("errors", errors);
		return cast(respond(body, new HttpHeaders()));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return cast(
				respond(Problems.of(ProblemType.VALIDATION, "A parameter has an invalid value"), new HttpHeaders()));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (RequestTooLarge.causedBy(ex)) {
			return cast(respond(Problems.of(ProblemType.TOO_LARGE, RequestTooLarge.DETAIL), new HttpHeaders()));
		}
		return cast(respond(Problems.of(ProblemType.MALFORMED, "The body is not valid JSON for this request"),
				new HttpHeaders()));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemType type = switch (ex) {
			case NoResourceFoundException e -> ProblemType.NOT_FOUND;
			case NoHandlerFoundException e -> ProblemType.NOT_FOUND;
			case HttpRequestMethodNotSupportedException e -> ProblemType.METHOD_NOT_ALLOWED;
			case HttpMediaTypeNotSupportedException e -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
			case org.springframework.web.multipart.MaxUploadSizeExceededException e -> ProblemType.TOO_LARGE;
			case MissingServletRequestParameterException e -> ProblemType.VALIDATION;
			case MissingRequestHeaderException e -> ProblemType.VALIDATION;
			default -> null;
		};
		ProblemDetail problem = (type != null) ? Problems.of(type, type.title())
				: Problems.of(statusCode, "The request could not be processed");
		HttpHeaders out = new HttpHeaders();
		if (headers != null && headers.getAllow() != null && !headers.getAllow().isEmpty()) {
			out.setAllow(headers.getAllow());
		}
		return cast(respond(problem, out));
	}

	static ResponseEntity<ProblemDetail> respond(ProblemDetail body, HttpHeaders headers) {
		return ResponseEntity.status(body.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(body);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
		return (ResponseEntity) entity;
	}

}
