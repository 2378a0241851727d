package com.nexacrm.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class GuardConfiguration implements WebMvcConfigurer {

	private final RequestGuard guard;

	GuardConfiguration(RequestGuard guard) {
		this.guard = guard;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this.guard).addPathPatterns("/api/**");
	}

}
