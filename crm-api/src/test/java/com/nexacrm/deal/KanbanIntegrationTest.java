package com.nexacrm.deal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexacrm.support.ApiClient;
import com.nexacrm.support.Fixtures;
import com.nexacrm.support.Fixtures.Org;
import com.nexacrm.support.IntegrationTest;
import com.nexacrm.support.RecordedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The board, its pages and moves against real PostgreSQL. */
@IntegrationTest
class KanbanIntegrationTest {

	@Autowired
	private Fixtures fixtures;

	@Autowired
	private RecordedEvents events;

	private Org acme;

	private ApiClient owner;

	private JsonNode pipeline;

	@BeforeEach
	void acmeWithItsDefaultPipeline() {
		this.acme = this.fixtures.acmeOrg();
		this.owner = this.acme.owner();
		this.pipeline = this.owner.get("/api/v1/pipelines").json().get(0);
	}

	@Test
	void theBoardShowsEveryColumnWithCountTotalsAndTheFirstPage() {
		String qualified = stage(1);
		for (int i = 0; i < 7; i++) {
			dealIn(qualified, "Deal " + i, 100 * (i + 1), "EUR");
		}
		dealIn(qualified, "Dollar deal", 1000, "USD");

		JsonNode board = board("limit=5");

		JsonNode column = column(board, qualified);
		assertThat(board.path("columns")).hasSize(6);
		assertThat(column.path("count").asLong()).isEqualTo(8);
		assertThat(column.path("cards")).hasSize(5);
		assertThat(column.path("nextCursor").asText()).isNotBlank();
		JsonNode eur = totals(column, "EUR");
		assertThat(eur.path("amount").decimalValue()).isEqualByComparingTo("2800");
		assertThat(eur.path("weighted").decimalValue()).isEqualByComparingTo("700");
		assertThat(totals(column, "USD").path("amount").decimalValue()).isEqualByComparingTo("1000");
		assertThat(column(board, stage(0)).path("count").asLong()).isZero();
	}

	@Test
	void theRunningTotalsAgreeWithAddingUpTheDealsAfterEveryKindOfChange() {
		String lead = stage(0);
		String qualified = stage(1);
		JsonNode a = dealIn(lead, "A", 100, "EUR");
		JsonNode b = dealIn(lead, "B", 200, "EUR");
		dealIn(qualified, "C", 300, "USD");
		ApiClient.Response withProbability = this.owner.patch("/api/v1/deals/" + id(b),
				Map.of("probability", 80, "amount", 250));
		assertThat(withProbability.status()).isEqualTo(200);
		assertThat(move(a, qualified, a.path("version").asInt()).status()).isEqualTo(200);
		JsonNode gone = dealIn(qualified, "Gone", 999, "EUR");
		assertThat(this.owner.delete("/api/v1/deals/" + id(gone)).status()).isEqualTo(204);
		String path = "/api/v1/pipelines/" + this.pipeline.path("id").asText() + "/stages/" + stage(1);
		assertThat(this.owner.patch(path, Map.of("name", "Qualified", "probability", 40, "kind", "OPEN")).status())
			.isEqualTo(200);

		// the unfiltered board reads the running totals; a filter matching every deal
		// adds them up
		JsonNode running = board("limit=1");
		JsonNode addedUp = board("limit=1&filter=amount:gte:0");

		for (JsonNode column : running.path("columns")) {
			JsonNode other = column(addedUp, column.at("/stage/id").asText());
			assertThat(column.path("count")).isEqualTo(other.path("count"));
			assertThat(column.path("totals").toString()).isEqualTo(other.path("totals").toString());
		}
		JsonNode leadColumn = column(running, lead);
		assertThat(leadColumn.path("count").asLong()).isEqualTo(1);
		assertThat(totals(leadColumn, "EUR").path("weighted").decimalValue()).isEqualByComparingTo("200");
		assertThat(totals(column(running, qualified), "EUR").path("weighted").decimalValue())
			.isEqualByComparingTo("40");
	}

	@Test
	void furtherPagesOfAColumnContinueWhereTheFirstStopped() {
		String qualified = stage(1);
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			created.add(dealIn(qualified, "Deal " + i, 10, "EUR").path("id").asText());
		}

		List<String> seen = new ArrayList<>();
		JsonNode page = column(board("limit=5"), qualified);
		while (true) {
			page.path("cards").forEach((card) -> seen.add(card.path("id").asText()));
			String cursor = page.path("nextCursor").asText(null);
			if (cursor == null || cursor.isEmpty() || page.path("nextCursor").isNull()) {
				break;
			}
			page = this.owner.get(columnPath(qualified) + "?limit=5&cursor=" + cursor).json();
		}
		assertThat(seen).containsExactlyElementsOf(created);
	}

	@Test
	void movingACardChangesStageAndPositionInOneCallAndLeavesATrail() {
		String lead = stage(0);
		String qualified = stage(1);
		JsonNode first = dealIn(qualified, "First", 10, "EUR");
		JsonNode second = dealIn(qualified, "Second", 10, "EUR");
		JsonNode moving = dealIn(lead, "Moving", 10, "EUR");

		ApiClient.Response moved = this.owner.post("/api/v1/deals/" + id(moving) + "/move",
				Map.of("stageId", qualified, "afterDealId", id(first), "version", moving.path("version").asInt()));

		assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
		assertThat(moved.json().path("stageId").asText()).isEqualTo(qualified);
		assertThat(moved.json().path("version").asInt()).isEqualTo(moving.path("version").asInt() + 1);
		assertThat(column(board("limit=10"), qualified).path("cards").findValuesAsText("title"))
			.containsExactly("First", "Moving", "Second");
		JsonNode timeline = this.owner.get("/api/v1/deals/" + id(moving) + "/timeline").json();
		assertThat(timeline.get(0).path("kind").asText()).isEqualTo("STAGE_CHANGE");
		assertThat(this.owner.get("/api/v1/deals/" + id(moving) + "/audit").json().findValuesAsText("action"))
			.contains("stage-changed", "created");
		assertThat(this.events.of(DealStageChanged.class))
			.anySatisfy((event) -> assertThat(event.dealId()).hasToString(id(moving)));
		assertThat(second.path("id").asText()).isNotEqualTo(id(moving));
	}

	@Test
	void aMoveWithAStaleVersionIsA409CarryingTheCurrentCard() {
		JsonNode deal = dealIn(stage(0), "Contested", 10, "EUR");
		int version = deal.path("version").asInt();
		assertThat(move(deal, stage(1), version).status()).isEqualTo(200);

		ApiClient.Response stale = move(deal, stage(2), version);

		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.json().at("/current/stageId").asText()).isEqualTo(stage(1));
		assertThat(stale.json().at("/current/version").asInt()).isEqualTo(version + 1);
	}

	@Test
	void twoConcurrentMovesOfOneCardOneWinsTheOtherGets409AndNothingIsLost() throws Exception {
		JsonNode deal = dealIn(stage(0), "Raced", 10, "EUR");
		int version = deal.path("version").asInt();
		ApiClient other = this.fixtures.anonymous();
		assertThat(other.post("/api/v1/session", Map.of("email", this.acme.ownerEmail(), "password", Fixtures.PASSWORD))
			.status()).isEqualTo(200);
		CountDownLatch start = new CountDownLatch(1);

		CompletableFuture<ApiClient.Response> toQualified = CompletableFuture.supplyAsync(() -> {
			await(start);
			return move(this.owner, deal, stage(1), version);
		});
		CompletableFuture<ApiClient.Response> toProposal = CompletableFuture.supplyAsync(() -> {
			await(start);
			return move(other, deal, stage(2), version);
		});
		start.countDown();
		List<Integer> statuses = List.of(toQualified.get().status(), toProposal.get().status());

		assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		String winner = (toQualified.get().status() == 200) ? stage(1) : stage(2);
		JsonNode after = this.owner.get("/api/v1/deals/" + id(deal)).json();
		assertThat(after.path("stageId").asText()).isEqualTo(winner);
		assertThat(after.path("version").asInt()).isEqualTo(version + 1);
		long inColumns = 0;
		for (JsonNode column : board("limit=50").path("columns")) {
			inColumns += column.path("count").asLong();
		}
		assertThat(inColumns).isEqualTo(1);
	}

	@Test
	void readingPagesWhileCardsMoveAcrossColumnsSkipsNothingThatStayed() {
		String a = stage(1);
		String b = stage(2);
		List<String> inA = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			inA.add(dealIn(a, "A" + i, 10, "EUR").path("id").asText());
		}
		JsonNode first = column(board("limit=4"), a);
		List<String> seen = new ArrayList<>(first.path("cards").findValuesAsText("id"));

		// while the reader holds page one: a card of page one and a card of a later page
		// move to B
		JsonNode gone = this.owner.get("/api/v1/deals/" + inA.get(1)).json();
		JsonNode later = this.owner.get("/api/v1/deals/" + inA.get(7)).json();
		assertThat(move(gone, b, gone.path("version").asInt()).status()).isEqualTo(200);
		assertThat(move(later, b, later.path("version").asInt()).status()).isEqualTo(200);

		String cursor = first.path("nextCursor").asText();
		while (cursor != null && !cursor.isEmpty() && !"null".equals(cursor)) {
			JsonNode page = this.owner.get(columnPath(a) + "?limit=4&cursor=" + cursor).json();
			seen.addAll(page.path("cards").findValuesAsText("id"));
			cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
		}

		List<String> stayed = new ArrayList<>(inA);
		stayed.remove(inA.get(7));
		assertThat(seen).doesNotHaveDuplicates().containsAll(stayed).doesNotContain(inA.get(7));
		assertThat(column(board("limit=50"), b).path("cards").findValuesAsText("id")).contains(inA.get(1), inA.get(7));
	}

	@Test
	void aWonStageClosesTheDeal() {
		JsonNode deal = dealIn(stage(0), "Closing", 10, "EUR");

		ApiClient.Response won = move(deal, stage(4), deal.path("version").asInt());

		assertThat(won.json().path("status").asText()).isEqualTo("WON");
		assertThat(won.json().path("closedAt").isNull()).isFalse();
	}

	@Test
	void filtersApplyToCountsAndCardsAlike() {
		String qualified = stage(1);
		Fixtures.Member rep = this.fixtures.memberOf(this.acme, "MEMBER");
		dealIn(qualified, "Mine", 10, "EUR");
		ApiClient.Response repsDeal = rep.client()
			.post("/api/v1/deals", Map.of("title", "Rep's", "amount", 50, "currency", "EUR", "stageId", qualified,
					"tags", List.of("vip")));
		assertThat(repsDeal.status()).isEqualTo(201);

		JsonNode vip = column(board("filter=tags:has:vip"), qualified);
		JsonNode mine = column(board("filter=ownerId:eq:me"), qualified);

		assertThat(vip.path("count").asLong()).isEqualTo(1);
		assertThat(vip.path("cards").findValuesAsText("title")).containsExactly("Rep's");
		assertThat(mine.path("count").asLong()).isEqualTo(1);
		assertThat(mine.path("cards").findValuesAsText("title")).containsExactly("Mine");
	}

	@Test
	void deletingAStageWithDealsNeedsATargetAndMovesThemInOrder() {
		String proposal = stage(2);
		String negotiation = stage(3);
		dealIn(negotiation, "Already there", 10, "EUR");
		dealIn(proposal, "P1", 10, "EUR");
		dealIn(proposal, "P2", 10, "EUR");
		String path = "/api/v1/pipelines/" + this.pipeline.path("id").asText() + "/stages/" + proposal;

		ApiClient.Response refused = this.owner.delete(path);
		ApiClient.Response deleted = this.owner.delete(path + "?moveDealsTo=" + negotiation);

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("deals").asInt()).isEqualTo(2);
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(column(board("limit=10"), negotiation).path("cards").findValuesAsText("title"))
			.containsExactly("Already there", "P1", "P2");
		assertThat(board("limit=10").path("columns")).hasSize(5);
	}

	private JsonNode dealIn(String stageId, String title, int amount, String currency) {
		ApiClient.Response response = this.owner.post("/api/v1/deals",
				Map.of("title", title, "amount", amount, "currency", currency, "stageId", stageId));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json();
	}

	private ApiClient.Response move(JsonNode deal, String stageId, int version) {
		return move(this.owner, deal, stageId, version);
	}

	private static ApiClient.Response move(ApiClient client, JsonNode deal, String stageId, int version) {
		return client.post("/api/v1/deals/" + id(deal) + "/move", Map.of("stageId", stageId, "version", version));
	}

	private JsonNode board(String query) {
		ApiClient.Response response = this.owner
			.get("/api/v1/pipelines/" + this.pipeline.path("id").asText() + "/board?" + query);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private String columnPath(String stageId) {
		return "/api/v1/pipelines/" + this.pipeline.path("id").asText() + "/board/stages/" + stageId;
	}

	private String stage(int index) {
		return this.pipeline.path("stages").get(index).path("id").asText();
	}

	private static JsonNode column(JsonNode board, String stageId) {
		for (JsonNode column : board.path("columns")) {
			if (column.at("/stage/id").asText().equals(stageId)) {
				return column;
			}
		}
		throw new AssertionError("no column " + stageId);
	}

	private static JsonNode totals(JsonNode column, String currency) {
		for (JsonNode total : column.path("totals")) {
			if (total.path("currency").asText().equals(currency)) {
				return total;
			}
		}
		throw new AssertionError("no " + currency + " total");
	}

	private static String id(JsonNode deal) {
		return deal.path("id").asText();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
