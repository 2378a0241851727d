package com.nexacrm.platform.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Makes sure the application role exists before migrating and can use every table after:
 * the role logs in, is not the owner of anything, and has neither superuser nor
 * {@code BYPASSRLS}, so row-level security applies to every query it runs.
 */
class AppRoleCallback implements Callback {

	private final String role;

	private final String password;

	AppRoleCallback(String role, String password) {
		if (!role.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("nexacrm.database.app-username must be a lower-case SQL identifier");
		}
		this.role = role;
		this.password = password;
	}

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.BEFORE_MIGRATE || event == Event.AFTER_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		try (Statement statement = context.getConnection().createStatement()) {
			if (event == Event.BEFORE_MIGRATE) {
				createRole(context.getConnection(), statement);
			}
			else {
				statement.execute("grant usage on schema public to " + this.role);
				statement
					.execute("grant select, insert, update, delete on all tables in schema public to " + this.role);
				statement.execute("grant usage, select on all sequences in schema public to " + this.role);
				statement.execute("grant execute on all functions in schema public to " + this.role);
				statement.execute("revoke all on table flyway_schema_history from " + this.role);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not prepare the application role " + this.role, ex);
		}
	}

	private void createRole(Connection connection, Statement statement) throws SQLException {
		try (var check = connection
			.prepareStatement("select rolsuper or rolbypassrls from pg_roles where rolname = ?")) {
			check.setString(1, this.role);
			var result = check.executeQuery();
			if (result.next()) {
				if (result.getBoolean(1)) {
					throw new IllegalStateException("The application role " + this.role
							+ " is a superuser or has BYPASSRLS; row-level security would not apply to it");
				}
				return;
			}
		}
		String secret = (this.password == null || this.password.isEmpty()) ? ""
				: " password '" + this.password.replace("'", "''") + "'";
		statement
			.execute("create role " + this.role + " login nosuperuser nobypassrls nocreatedb nocreaterole" + secret);
	}

	@Override
	public String getCallbackName() {
		return "nexacrm-app-role";
	}

}
