/**
 * Deals and the kanban: the board of a pipeline, its columns, and moving cards between
 * them.
 */
package com.nexacrm.deal;
