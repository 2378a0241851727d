package com.nexacrm.platform.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.grpc.ServerProvider;
import io.grpc.netty.NettyServerBuilder;

/**
 * Makes {@code ServerBuilder.forPort} bind to the loopback address instead of every
 * interface. The embedded engine builds its gateway with {@code forPort}, and a
 * development engine with no authentication must not be reachable from the network.
 * Registered through {@code META-INF/services/io.grpc.ServerProvider} with a priority
 * above grpc-netty's own.
 */
public class LoopbackGrpcServerProvider extends ServerProvider {

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 10;
	}

	@Override
	protected NettyServerBuilder builderForPort(int port) {
		return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
	}

}
