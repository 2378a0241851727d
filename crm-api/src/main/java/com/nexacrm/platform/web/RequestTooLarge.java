package com.nexacrm.platform.web;

import java.io.IOException;

/** The request body went past the size limit while it was being read. */
class RequestTooLarge extends IOException {

	static final String DETAIL = "The request body is larger than this endpoint accepts";

	RequestTooLarge() {
		super(DETAIL);
	}

	static boolean causedBy(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestTooLarge) {
				return true;
			}
		}
		return false;
	}

}
