package com.nexacrm.automation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nexacrm.audit.AuditLog;
import com.nexacrm.automation.EngineDeployer.EngineRefused;
import com.nexacrm.automation.ProcessVersionStore.StoredVersion;
import com.nexacrm.automation.ProcessVersionStore.VersionView;
import com.nexacrm.automation.ShippedModels.Shipped;
import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.platform.web.ProblemType;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Validating, deploying and rolling back an organisation's versions of the shipped
 * processes. Callers hold the transaction: a version is stored, activated and audited
 * together, and only after the engine accepted it, so a refusal half-way writes nothing.
 */
@Service
class ProcessDesigns {

	private final ShippedModels shipped;

	private final ModelValidator validator;

	private final ProcessVersionStore store;

	private final TenantDefinitions definitions;

	private final EngineDeployer deployer;

	private final AuditLog audit;

	ProcessDesigns(ShippedModels shipped, ModelValidator validator, ProcessVersionStore store,
			TenantDefinitions definitions, EngineDeployer deployer, AuditLog audit) {
		this.shipped = shipped;
		this.validator = validator;
		this.store = store;
		this.definitions = definitions;
		this.deployer = deployer;
		this.audit = audit;
	}

	List<ProcessSummary> list() {
		Map<String, Integer> counts = this.store.versionCounts();
		var summaries = new java.util.ArrayList<ProcessSummary>();
		for (Shipped model : this.shipped.all()) {
			Optional<StoredVersion> active = this.store.active(model.processId());
			summaries.add(new ProcessSummary(model.processId(), model.name(),
					active.map((version) -> version.view().version()).orElse(null),
					active.map((version) -> version.view().versionId()).orElse(null),
					counts.getOrDefault(model.processId(), 0)));
		}
		return summaries;
	}

	Shipped process(String processId) {
		return this.shipped.find(processId).orElseThrow(() -> ApiProblem.notFound("Process"));
	}

	/**
	 * The XML new instances of the process start from, and its version (null: shipped).
	 */
	ActiveModel activeModel(String processId) {
		Shipped model = process(processId);
		return this.store.active(processId)
			.map((version) -> new ActiveModel(version.xml(), version.view().version()))
			.orElseGet(() -> new ActiveModel(new String(model.xml(), StandardCharsets.UTF_8), null));
	}

	List<ModelProblem> validate(String processId, byte[] xml) {
		process(processId);
		return this.validator.validate(xml, processId).problems();
	}

	/**
	 * Validates, deploys and activates a new version. Uploading the active version's
	 * exact content again changes nothing and returns it.
	 * @return the version, and whether it was created
	 */
	Deployed deploy(String processId, byte[] xml) {
		process(processId);
		List<ModelProblem> problems = this.validator.validate(xml, processId).problems();
		if (!problems.isEmpty()) {
			throw refused("The model has " + problems.size() + " problem(s)", problems);
		}
		String sha256 = sha256(xml);
		Optional<StoredVersion> active = this.store.active(processId);
		if (active.isPresent() && active.get().view().sha256().equals(sha256)) {
			return new Deployed(active.get().view(), false);
		}
		String text = new String(xml, StandardCharsets.UTF_8);
		long definitionKey;
		try {
			definitionKey = this.deployer.deploy(com.nexacrm.tenant.Tenancy.orgId(), processId, text);
		}
		catch (EngineRefused ex) {
			throw refused("The engine refused the model",
					List.of(ModelProblem.ofFile("engine-refused", ex.getMessage())));
		}
		VersionView version;
		try {
			version = this.store.insert(processId, xml, sha256);
		}
		catch (DuplicateKeyException ex) {
			throw new ApiProblem(ProblemType.CONFLICT, "Another version of this process was uploaded at the same time");
		}
		this.store.recordDefinition(version.versionId(), this.definitions.epoch(), definitionKey);
		Optional<UUID> previous = this.store.activate(processId, version.versionId());
		Map<String, Object> changes = new LinkedHashMap<>();
		changes.put("processId", processId);
		changes.put("version", version.version());
		changes.put("sha256", sha256);
		changes.put("replacedVersionId", previous.map(UUID::toString).orElse(null));
		this.audit.record("process-version", version.versionId(), "deployed", changes);
		return new Deployed(this.store.find(version.versionId()).orElseThrow().view(), true);
	}

	StoredVersion version(UUID versionId) {
		return this.store.find(versionId).orElseThrow(() -> ApiProblem.notFound("Process version"));
	}

	List<VersionView> versions(String processId) {
		process(processId);
		return this.store.versions(processId);
	}

	/**
	 * Makes an earlier version active again: new instances start from it, running ones
	 * keep theirs. Deploys it again when this engine does not have it.
	 */
	VersionView rollBack(UUID versionId) {
		StoredVersion version = version(versionId);
		if (version.view().active()) {
			return version.view();
		}
		try {
			this.definitions.definitionOf(version);
		}
		catch (EngineRefused ex) {
			throw refused("The engine refused the stored model",
					List.of(ModelProblem.ofFile("engine-refused", ex.getMessage())));
		}
		Optional<UUID> previous = this.store.activate(version.view().processId(), versionId);
		Map<String, Object> changes = new LinkedHashMap<>();
		changes.put("processId", version.view().processId());
		changes.put("version", version.view().version());
		changes.put("replacedVersionId", previous.map(UUID::toString).orElse(null));
		this.audit.record("process-version", versionId, "rolled-back-to", changes);
		return this.store.find(versionId).orElseThrow().view();
	}

	private static ApiProblem refused(String detail, List<ModelProblem> problems) {
		return new ApiProblem(ProblemType.INVALID_PROCESS_MODEL, detail, Map.of("problems", problems));
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record ProcessSummary(String processId, String name, Integer activeVersion, UUID activeVersionId, int versions) {
	}

	record ActiveModel(String xml, Integer version) {
	}

	record Deployed(VersionView version, boolean created) {
	}

}
