/**
 * The Zeebe engine: embedded in-process by default, or a Camunda 8 cluster; its client
 * and health.
 */
package com.nexacrm.platform.engine;
