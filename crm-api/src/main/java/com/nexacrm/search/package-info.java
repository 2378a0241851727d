/**
 * Full-text search across the organisation's records, honouring each role's visibility.
 */
package com.nexacrm.search;
