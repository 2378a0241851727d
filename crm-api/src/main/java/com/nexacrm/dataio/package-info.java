/**
 * Data in and out: CSV imports of every record type, run in the background in atomic
 * batches that resume after a restart, and the whole organisation's export as one
 * archive.
 */
package com.nexacrm.dataio;
