package com.nexacrm.platform.engine;

import java.util.UUID;

/**
 * Names the engine incarnation whose process instance keys are in use. The embedded
 * engine keeps its state in memory and hands out the same keys again after a restart, so
 * each start is a new epoch; a remote cluster's keys are unique for its lifetime, so its
 * epoch is its address.
 *
 * @param value the epoch, stored with every instance binding
 */
public record EngineEpoch(String value) {

	static EngineEpoch embedded() {
		return new EngineEpoch("embedded:" + UUID.randomUUID());
	}

	static EngineEpoch remote(String address) {
		return new EngineEpoch("cluster:" + address);
	}

}
