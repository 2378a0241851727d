package com.nexacrm.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Begins every transaction by writing the current organisation (and user) into
 * transaction-local settings that the row-level security policies read.
 * {@code set_config(...,
 * true)} lasts until commit or rollback, so a pooled connection never carries one
 * tenant's setting into the next transaction; with no tenant set the settings are empty
 * and the policies return no rows.
 */
public class TenantTransactionManager extends JdbcTransactionManager {

	private static final String SET = "select set_config('app.org_id', ?, true), set_config('app.user_id', ?, true)";

	public TenantTransactionManager(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void prepareTransactionalConnection(Connection con, TransactionDefinition definition)
			throws SQLException {
		super.prepareTransactionalConnection(con, definition);
		String org = Tenancy.find().map(TenantContext::orgId).map(UUID::toString).orElse("");
		String user = Tenancy.user().map(UUID::toString).orElse("");
		try (PreparedStatement statement = con.prepareStatement(SET)) {
			statement.setString(1, org);
			statement.setString(2, user);
			statement.execute();
		}
	}

}
