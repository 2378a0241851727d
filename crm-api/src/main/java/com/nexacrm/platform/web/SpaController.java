package com.nexacrm.platform.web;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the web app's index page for its client-side routes, so a deep link such as
 * {@code /deals/42} loads the app instead of a 404. API, actuator and docs paths are not
 * matched.
 */
@Controller
@Hidden
class SpaController {

	@GetMapping({ "/{path:^(?!api|actuator|v3|swagger-ui|assets|problems)[^\\.]*}",
			"/{path:^(?!api|actuator|v3|swagger-ui|assets|problems)[^\\.]*}/**" })
	String index() {
		return "forward:/index.html";
	}

}
