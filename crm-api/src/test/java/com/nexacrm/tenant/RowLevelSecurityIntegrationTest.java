package com.nexacrm.tenant;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.nexacrm.tenant.Role;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.OwnerDatabase;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database itself enforces tenancy: read from the catalog, so a new table without
 * row-level security fails the build, and exercised under the application role.
 */
@IntegrationTest
class RowLevelSecurityIntegrationTest {

	/**
	 * Tables without a tenant: people, sessions, the instance routing table, the process
	 * start queue, the routing table of organisations with their own process versions
	 * (read at start-up to redeploy them), the instances whose jobs found no owner
	 * (remote mode's orphans), Flyway's history.
	 */
	private static final Set<String> GLOBAL_TABLES = Set.of("app_user", "user_session", "process_instance_owner",
			"process_start_queue", "designed_process", "unbound_instance_sighting", "flyway_schema_history");

	@Autowired
	private OwnerDatabase owner;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private Fixtures fixtures;

	@Test
	void theAppRoleOwnsNothingAndCannotBypassRowLevelSecurity() throws Exception {
		String appRole;
		try (Connection connection = this.dataSource.getConnection()) {
			appRole = connection.getMetaData().getUserName();
		}
		Map<String, Object> role = this.owner.jdbc()
			.queryForMap("select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles where rolname = ?",
					appRole);
		assertThat(role).containsEntry("rolsuper", false)
			.containsEntry("rolbypassrls", false)
			.containsEntry("rolcreaterole", false)
			.containsEntry("rolcreatedb", false);
		Long owned = this.owner.jdbc()
			.queryForObject("select count(*) from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = ?",
					Long.class, appRole);
		assertThat(owned).isZero();
	}

	@Test
	void everyTenantTableForcesRowLevelSecurityWithOrgIdFirst() {
		List<Map<String, Object>> tables = this.owner.jdbc().queryForList("""
				select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
				       exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id'
				               and not a.attisdropped) as has_org,
				       (select count(*) from pg_policy p where p.polrelid = c.oid) as policies
				from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relkind in ('r', 'p')""");
		assertThat(tables).extracting((t) -> t.get("name")).contains("organization", "membership", "team");
		for (Map<String, Object> table : tables) {
			String name = (String) table.get("name");
			if (GLOBAL_TABLES.contains(name)) {
				continue;
			}
			assertThat(table.get("has_org")).as("%s has org_id (or belongs in GLOBAL_TABLES)", name).isEqualTo(true);
			assertThat(table.get("rls")).as("%s has row-level security enabled", name).isEqualTo(true);
			assertThat(table.get("forced")).as("%s has row-level security FORCEd", name).isEqualTo(true);
			assertThat((Long) table.get("policies")).as("%s has a policy", name).isPositive();
		}
	}

	@Test
	void everyIndexOfATenantTableStartsWithOrgId() {
		List<Map<String, Object>> indexes = this.owner.jdbc().queryForList("""
				select t.relname as table_name, i.relname as index_name, a.attname as first_column
				from pg_index x
				join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
				join pg_namespace n on n.oid = t.relnamespace
				left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
				where n.nspname = 'public'""");
		for (Map<String, Object> index : indexes) {
			if (GLOBAL_TABLES.contains((String) index.get("table_name"))) {
				continue;
			}
			assertThat(index.get("first_column")).as("first column of %s", index.get("index_name")).isEqualTo("org_id");
		}
	}

	@Test
	void withNoOrganisationSetTheAppRoleSeesNoRows() {
		this.fixtures.acmeOrg();
		List<String> tenantTables = this.owner.jdbc().queryForList("""
				select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relkind = 'r' and c.relforcerowsecurity""", String.class);
		assertThat(this.owner.count("organization")).isPositive();
		for (String table : tenantTables) {
			Long visible = this.transactions
				.execute((status) -> this.jdbc.sql("select count(*) from " + table).query(Long.class).single());
			assertThat(visible).as("rows of %s visible with no organisation set", table).isZero();
			Long outside = this.jdbc.sql("select count(*) from " + table).query(Long.class).single();
			assertThat(outside).as("rows of %s visible outside a transaction", table).isZero();
		}
	}

	@Test
	void theAppRoleCannotReadOrWriteAnotherOrganisationsRows() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		TenantContext asAcme = new TenantContext(acme.id(), acme.ownerId(), Role.OWNER);

		Long globexMembers = Tenancy.run(asAcme,
				() -> this.transactions
					.execute((status) -> this.jdbc.sql("select count(*) from membership where org_id = ?")
						.param(globex.id())
						.query(Long.class)
						.single()));
		Integer renamed = Tenancy.run(asAcme,
				() -> this.transactions
					.execute((status) -> this.jdbc.sql("update organization set name = 'pwned' where org_id = ?")
						.param(globex.id())
						.update()));
		Integer deleted = Tenancy.run(asAcme, () -> this.transactions
			.execute((status) -> this.jdbc.sql("delete from membership where org_id = ?").param(globex.id()).update()));

		assertThat(globexMembers).isZero();
		assertThat(renamed).isZero();
		assertThat(deleted).isZero();
		assertThat(this.owner.jdbc()
			.queryForObject("select name from organization where org_id = ?", String.class, globex.id()))
			.isEqualTo("Globex");
		assertThat(this.owner.jdbc()
			.queryForObject("select count(*) from membership where org_id = ?", Long.class, globex.id())).isEqualTo(1L);
	}

	@Test
	void insertingARowForAnotherOrganisationIsRefused() {
		Org acme = this.fixtures.acmeOrg();
		Org globex = this.fixtures.globexOrg();
		TenantContext asAcme = new TenantContext(acme.id(), acme.ownerId(), Role.OWNER);
		Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
				() -> Tenancy.run(asAcme,
						() -> this.transactions.execute((status) -> this.jdbc
							.sql("insert into team (org_id, team_id, name) values (?, ?, 'spies')")
							.params(globex.id(), UUID.randomUUID())
							.update())));
		assertThat(refused).rootCause().hasMessageContaining("violates row-level security policy");
		assertThat(
				this.owner.jdbc().queryForObject("select count(*) from team where org_id = ?", Long.class, globex.id()))
			.isZero();
	}

	@Test
	void aPooledConnectionNeverCarriesOneTenantsSettingIntoTheNextTransaction() {
		Org acme = this.fixtures.acmeOrg();
		HikariConfig config = new HikariConfig();
		HikariDataSource app = (HikariDataSource) this.dataSource;
		config.setJdbcUrl(app.getJdbcUrl());
		config.setUsername(app.getUsername());
		config.setPassword(app.getPassword());
		config.setMaximumPoolSize(1);
		try (HikariDataSource single = new HikariDataSource(config)) {
			var manager = new TenantTransactionManager(single);
			var template = new TransactionTemplate(manager);
			var client = JdbcClient.create(single);
			TenantContext asAcme = new TenantContext(acme.id(), acme.ownerId(), Role.OWNER);
			Long asTenant = Tenancy.run(asAcme, () -> template
				.execute((status) -> client.sql("select count(*) from organization").query(Long.class).single()));
			Long afterwards = template
				.execute((status) -> client.sql("select count(*) from organization").query(Long.class).single());
			String setting = template
				.execute((status) -> client.sql("select coalesce(current_setting('app.org_id', true), '')")
					.query(String.class)
					.single());
			assertThat(asTenant).isEqualTo(1L);
			assertThat(afterwards).isZero();
			assertThat(setting).isEmpty();
		}
	}

	@Test
	void tenantDataCannotBeReachedWithoutATenant() {
		assertThat(org.assertj.core.api.Assertions.catchThrowable(Tenancy::orgId)).isInstanceOf(NoTenantContext.class);
	}

}
