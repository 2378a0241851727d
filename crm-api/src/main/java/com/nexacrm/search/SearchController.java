package com.nexacrm.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.nexacrm.record.RecordType;
import com.nexacrm.record.Visibility;
import com.nexacrm.security.Requires;
import com.nexacrm.tenant.Permission;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/search")
@Validated
@Tag(name = "Search", description = "Find companies, contacts, leads and deals by name, email or domain")
class SearchController {

	private final JdbcTemplate jdbc;

	private final Visibility visibility;

	SearchController(JdbcTemplate jdbc, Visibility visibility) {
		this.jdbc = jdbc;
		this.visibility = visibility;
	}

	@GetMapping
	@Requires(Permission.ORGANIZATION_READ)
	@Transactional(readOnly = true)
	@Operation(summary = "Search every record type the caller may read",
			description = "Words match names, emails and domains (prefixes too); a fragment matches inside names. "
					+ "Best matches first, at most limit per type.")
	List<Hit> search(@RequestParam @NotBlank @Size(max = 200) String q,
			@RequestParam(required = false) @Min(1) @Max(50) Integer limit) {
		int perType = (limit != null) ? limit : 10;
		String prefixQuery = prefixQuery(q);
		String like = "%" + q.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		String owners = this.visibility.owners()
			.map((ids) -> ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
			.orElse(null);
		// One statement for every type the caller may read: the look-up runs in
		// search_records (V4, docs/adr/0008), where the GIN indexes serve it; the rows
		// are
		// read here by id, under row-level security as usual.
		List<String> parts = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		for (RecordType type : RecordType.values()) {
			if (!canRead(type)) {
				continue;
			}
			parts.add("select " + type.ordinal() + " as kind, r." + type.idColumn() + " as id, "
					+ type.nameExpression("r") + " as name, f.score"
					+ " from search_records(?, ?, ?, ?, cast(? as uuid[]), ?) f join " + type.table()
					+ " r on r.org_id = ? and r." + type.idColumn() + " = f.record_id");
			params.addAll(Arrays.asList(type.key(), prefixQuery, q.trim(), like, owners, perType, Tenancy.orgId()));
		}
		if (parts.isEmpty()) {
			return List.of();
		}
		RecordType[] types = RecordType.values();
		List<Hit> hits = new ArrayList<>(
				this.jdbc.query(String.join(" union all ", parts) + " order by score desc, kind, id",
						(rs, n) -> new Hit(types[rs.getInt(1)].key(), rs.getObject(2, UUID.class), rs.getString(3),
								rs.getDouble(4)),
						params.toArray()));
		hits.sort((a, b) -> Double.compare(b.score(), a.score()));
		return hits;
	}

	private static boolean canRead(RecordType type) {
		return Tenancy.current().can(Permission.valueOf(type.name() + "_READ"));
	}

	/**
	 * Words as quoted prefix terms joined by AND ({@code acme corp} becomes
	 * {@code 'acme':* & 'corp':*}); emails and domains stay whole, as the {@code simple}
	 * parser indexes them.
	 */
	static String prefixQuery(String q) {
		List<String> terms = new ArrayList<>();
		for (String word : q.trim().toLowerCase().split("\\s+")) {
			String clean = word.replaceAll("[^\\p{L}\\p{N}@._-]", "");
			if (!clean.isEmpty()) {
				terms.add("'" + clean + "':*");
			}
		}
		return terms.isEmpty() ? null : String.join(" & ", terms);
	}

	/** One search result. */
	record Hit(String type, UUID id, String name, double score) {
	}

}
