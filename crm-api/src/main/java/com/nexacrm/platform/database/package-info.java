/**
 * PostgreSQL: the embedded server, the owner and application connections, the app role.
 */
package com.nexacrm.platform.database;
