package com.nexacrm.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the seed and benchmark programs: {@code --name value} or
 * {@code --name=value}, named flags without a value, and {@code --help}. Each option is
 * taken once by the program; {@link #requireAllTaken()} then refuses anything left, so a
 * mistyped option is an error rather than silently ignored.
 */
final class CommandLine {

	private final Map<String, String> values;

	private final Set<String> flags;

	private final String usage;

	private CommandLine(Map<String, String> values, Set<String> flags, String usage) {
		this.values = values;
		this.flags = flags;
		this.usage = usage;
	}

	/**
	 * @param flagNames options that take no value, for example {@code reset}
	 * @return the command line, or {@code null} when {@code --help} was asked for (the
	 * usage is printed)
	 */
	static CommandLine parse(String[] args, String usage, Set<String> flagNames) {
		Map<String, String> values = new HashMap<>();
		Set<String> flags = new HashSet<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--help") || arg.equals("-h")) {
				System.out.print(usage);
				return null;
			}
			if (arg.startsWith("--") && flagNames.contains(arg.substring(2))) {
				flags.add(arg.substring(2));
			}
			else if (arg.startsWith("--") && arg.contains("=")) {
				values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			else if (arg.startsWith("--") && i + 1 < args.length) {
				values.put(arg.substring(2), args[++i]);
			}
			else {
				throw new IllegalArgumentException("Unexpected argument " + arg + "\n" + usage);
			}
		}
		return new CommandLine(values, flags, usage);
	}

	String text(String key, String fallback) {
		String value = this.values.remove(key);
		return (value != null) ? value : fallback;
	}

	/** A whole number of at least {@code min}; {@code 100_000} is accepted. */
	int number(String key, int fallback, int min) {
		int value = Integer.parseInt(text(key, String.valueOf(fallback)).replace("_", ""));
		if (value < min) {
			throw new IllegalArgumentException("--" + key + " must be at least " + min);
		}
		return value;
	}

	boolean flag(String name) {
		return this.flags.contains(name);
	}

	void requireAllTaken() {
		if (!this.values.isEmpty()) {
			throw new IllegalArgumentException("Unknown options " + this.values.keySet() + "\n" + this.usage);
		}
	}

}
