package com.nexacrm.search;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
		List<Hit> hits = new ArrayList<>();
		for (RecordType type : RecordType.values()) {
			if (!canRead(type)) {
				continue;
			}
			Visibility.Predicate visible = this.visibility.predicate("r.owner_id");
			String name = type.nameExpression("r");
			String match = (prefixQuery != null) ? "r.search @@ to_tsquery('simple', ?) or " + name + " ilike ?"
					: name + " ilike ?";
			String sql = "select r." + type.idColumn() + ", " + name + ", "
					+ ((prefixQuery != null) ? "ts_rank(r.search, to_tsquery('simple', ?))" : "0") + " + similarity("
					+ name + ", ?) as score from " + type.table() + " r where r.org_id = ? and (" + match + ") and "
					+ visible.sql() + " order by score desc, r." + type.idColumn() + " limit ?";
			List<Object> params = new ArrayList<>();
			if (prefixQuery != null) {
				params.add(prefixQuery);
			}
			params.add(q.trim());
			params.add(Tenancy.orgId());
			if (prefixQuery != null) {
				params.add(prefixQuery);
			}
			params.add(like);
			params.addAll(visible.params());
			params.add(perType);
			hits.addAll(this.jdbc.query(sql,
					(rs, n) -> new Hit(type.key(), rs.getObject(1, UUID.class), rs.getString(2), rs.getDouble(3)),
					params.toArray()));
		}
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
