package com.nexacrm.deal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nexacrm.pipeline.Pipelines;
import com.nexacrm.pipeline.Pipelines.Pipeline;
import com.nexacrm.pipeline.Pipelines.Stage;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;
import com.nexacrm.record.ListRequest;
import com.nexacrm.record.RecordSchemas;
import com.nexacrm.record.RecordType;
import com.nexacrm.record.SqlWhere;
import com.nexacrm.record.Visibility;
import com.nexacrm.tenant.Tenancy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The kanban of a pipeline: per column its count, totals and weighted totals (per
 * currency) and its first page of cards in rank order, all under the same filters and
 * visibility; further pages per column by keyset. Never the whole board.
 */
@Component
class Board {

	private static final String CARD_COLUMNS = """
			r.deal_id, r.title, r.amount, r.currency, r.owner_id, u.display_name, r.expected_close_date,
			r.probability, r.rank, r.version, r.tags, r.company_id, r.contact_id, r.stage_entered_at,
			r.last_activity_at, r.status""";

	private final JdbcTemplate jdbc;

	private final Pipelines pipelines;

	private final RecordSchemas schemas;

	private final Visibility visibility;

	Board(JdbcTemplate jdbc, Pipelines pipelines, RecordSchemas schemas, Visibility visibility) {
		this.jdbc = jdbc;
		this.pipelines = pipelines;
		this.schemas = schemas;
		this.visibility = visibility;
	}

	Map<String, Object> of(UUID pipelineId, ListRequest filters, int limit) {
		Pipeline pipeline = this.pipelines.find(pipelineId).orElseThrow(() -> ApiProblem.notFound("Pipeline"));
		SqlWhere where = filtered(filters);

		Map<UUID, List<Map<String, Object>>> totals = new LinkedHashMap<>();
		Map<UUID, Long> counts = new LinkedHashMap<>();
		org.springframework.jdbc.core.RowCallbackHandler collect = (rs) -> {
			if (rs.getLong(3) == 0) {
				return;
			}
			UUID stage = rs.getObject(1, UUID.class);
			counts.merge(stage, rs.getLong(3), Long::sum);
			Map<String, Object> total = new LinkedHashMap<>();
			total.put("currency", rs.getString(2));
			total.put("amount", rs.getBigDecimal(4).setScale(2, java.math.RoundingMode.HALF_UP));
			total.put("weighted", rs.getBigDecimal(5).setScale(2, java.math.RoundingMode.HALF_UP));
			totals.computeIfAbsent(stage, (k) -> new ArrayList<>()).add(total);
		};
		if (unfiltered(filters, where)) {
			// the running totals the deal triggers keep: no need to add up every deal
			this.jdbc.query("""
					select t.stage_id, t.currency, t.deal_count, t.amount,
					       t.weighted_explicit + s.probability * t.amount_stage_probability / 100.0
					from stage_total t join stage s on s.org_id = t.org_id and s.stage_id = t.stage_id
					where t.org_id = ? and s.pipeline_id = ?
					order by t.stage_id, t.currency""", collect, Tenancy.orgId(), pipelineId);
		}
		else {
			List<Object> totalParams = new ArrayList<>(List.of(Tenancy.orgId(), pipelineId));
			totalParams.addAll(where.params());
			this.jdbc.query(
					"""
							select r.stage_id, r.currency, count(*), sum(r.amount),
							       sum(r.amount * coalesce(r.probability, s.probability) / 100.0)
							from deal r join stage s on s.org_id = r.org_id and s.stage_id = r.stage_id
							where r.org_id = ? and r.pipeline_id = ? and """ + " " + where.sql()
							+ " group by r.stage_id, r.currency order by r.stage_id, r.currency",
					collect, totalParams.toArray());
		}

		Map<UUID, List<Map<String, Object>>> cards = new LinkedHashMap<>();
		List<Object> cardParams = new ArrayList<>(where.params());
		cardParams.add(limit + 1);
		cardParams.add(Tenancy.orgId());
		cardParams.add(pipelineId);
		Map<UUID, Stage> stages = new LinkedHashMap<>();
		pipeline.stages().forEach((stage) -> stages.put(stage.id(), stage));
		this.jdbc.query("select s.stage_id, c.* from stage s cross join lateral (select " + CARD_COLUMNS
				+ " from deal r left join app_user u on u.user_id = r.owner_id"
				+ " where r.org_id = s.org_id and r.pipeline_id = s.pipeline_id and r.stage_id = s.stage_id and "
				+ where.sql() + " order by r.rank, r.deal_id limit ?) c where s.org_id = ? and s.pipeline_id = ?",
				(java.sql.ResultSet rs) -> {
					UUID stage = rs.getObject(1, UUID.class);
					cards.computeIfAbsent(stage, (k) -> new ArrayList<>()).add(card(rs, 2, stages.get(stage)));
				}, cardParams.toArray());

		List<Map<String, Object>> columns = new ArrayList<>();
		for (Stage stage : pipeline.stages()) {
			List<Map<String, Object>> page = cards.getOrDefault(stage.id(), List.of());
			Map<String, Object> column = new LinkedHashMap<>();
			column.put("stage", stage);
			column.put("count", counts.getOrDefault(stage.id(), 0L));
			column.put("totals", totals.getOrDefault(stage.id(), List.of()));
			column.put("cards", (page.size() > limit) ? page.subList(0, limit) : page);
			column.put("nextCursor", (page.size() > limit) ? cursor(page.get(limit - 1)) : null);
			columns.add(column);
		}
		Map<String, Object> board = new LinkedHashMap<>();
		board.put("pipeline", Map.of("id", pipeline.id(), "name", pipeline.name()));
		board.put("columns", columns);
		return board;
	}

	Map<String, Object> column(UUID pipelineId, UUID stageId, ListRequest filters, int limit, String cursor) {
		Stage stage = this.pipelines.stage(stageId)
			.filter((s) -> s.pipelineId().equals(pipelineId))
			.orElseThrow(() -> ApiProblem.notFound("Stage"));
		SqlWhere where = filtered(filters);
		List<Object> params = new ArrayList<>(List.of(Tenancy.orgId(), pipelineId, stageId));
		String after = "";
		if (cursor != null && !cursor.isBlank()) {
			String[] parts = decode(cursor);
			after = " and (r.rank, r.deal_id) > (?, ?)";
			params.add(parts[0]);
			params.add(UUID.fromString(parts[1]));
		}
		params.addAll(where.params());
		params.add(limit + 1);
		List<Map<String, Object>> page = this.jdbc
			.query("select " + CARD_COLUMNS + " from deal r left join app_user u on u.user_id = r.owner_id"
					+ " where r.org_id = ? and r.pipeline_id = ? and r.stage_id = ?" + after + " and " + where.sql()
					+ " order by r.rank, r.deal_id limit ?", (rs, n) -> card(rs, 1, stage), params.toArray());
		Map<String, Object> column = new LinkedHashMap<>();
		column.put("stage", stage);
		column.put("cards", (page.size() > limit) ? page.subList(0, limit) : page);
		column.put("nextCursor", (page.size() > limit) ? cursor(page.get(limit - 1)) : null);
		return column;
	}

	/**
	 * No filter, no search and a caller who sees every deal: the running totals are
	 * exact.
	 */
	private static boolean unfiltered(ListRequest filters, SqlWhere where) {
		return filters.filters().isEmpty() && (filters.q() == null || filters.q().isBlank())
				&& "true".equals(where.sql());
	}

	private SqlWhere filtered(ListRequest filters) {
		return new SqlWhere().and(this.visibility.predicate("r.owner_id"))
			.filters(this.schemas.of(RecordType.DEAL), filters, "r");
	}

	private static Map<String, Object> card(java.sql.ResultSet rs, int first, Stage stage)
			throws java.sql.SQLException {
		int i = first;
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("id", rs.getObject(i++, UUID.class));
		card.put("title", rs.getString(i++));
		card.put("amount", rs.getBigDecimal(i++));
		card.put("currency", rs.getString(i++));
		card.put("ownerId", rs.getObject(i++, UUID.class));
		card.put("ownerName", rs.getString(i++));
		card.put("expectedCloseDate", rs.getObject(i++, LocalDate.class));
		card.put("probability", rs.getObject(i++));
		card.put("rank", rs.getString(i++));
		card.put("version", rs.getInt(i++));
		card.put("tags", List.of((String[]) rs.getArray(i++).getArray()));
		card.put("companyId", rs.getObject(i++, UUID.class));
		card.put("contactId", rs.getObject(i++, UUID.class));
		card.put("stageEnteredAt", rs.getObject(i++, OffsetDateTime.class));
		OffsetDateTime lastActivity = rs.getObject(i++, OffsetDateTime.class);
		card.put("lastActivityAt", lastActivity);
		card.put("status", rs.getString(i));
		boolean rotting = stage != null && stage.rottingDays() != null && "OPEN".equals(rs.getString(i))
				&& lastActivity.isBefore(OffsetDateTime.now().minusDays(stage.rottingDays()));
		card.put("rotting", rotting);
		return card;
	}

	private static String cursor(Map<String, Object> card) {
		String text = card.get("rank") + "|" + card.get("id");
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String[] decode(String cursor) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
			UUID.fromString(parts[1]);
			return parts;
		}
		catch (RuntimeException ex) {
			throw new ApiProblem(ProblemType.VALIDATION, "The cursor is not valid; reload the column");
		}
	}

}
