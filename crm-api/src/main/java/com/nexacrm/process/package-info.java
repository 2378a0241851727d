/**
 * Processes the app starts, and which organisation owns each instance: the binding
 * workers read before they do anything.
 */
package com.nexacrm.process;
