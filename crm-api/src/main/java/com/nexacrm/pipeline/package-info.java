/**
 * Pipelines and their ordered stages: probability, open/won/lost, the rotting threshold.
 */
package com.nexacrm.pipeline;
