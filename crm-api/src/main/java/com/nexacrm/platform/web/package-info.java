/**
 * HTTP concerns shared by every endpoint: problem responses, request ids, size limits,
 * the web app.
 */
package com.nexacrm.platform.web;
