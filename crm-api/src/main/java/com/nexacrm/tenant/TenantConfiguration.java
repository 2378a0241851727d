package com.nexacrm.tenant;

import java.io.IOException;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.filter.OncePerRequestFilter;

/** Wires tenancy into the transaction manager and ends each request's tenant. */
@Configuration(proxyBeanMethods = false)
class TenantConfiguration {

	@Bean
	PlatformTransactionManager transactionManager(DataSource dataSource) {
		return new TenantTransactionManager(dataSource);
	}

	/**
	 * The guard sets the tenant for one request; this makes sure it never outlives it.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 2)
	OncePerRequestFilter tenantScopeFilter() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				try {
					chain.doFilter(request, response);
				}
				finally {
					Tenancy.clear();
				}
			}
		};
	}

}
