package com.nexacrm;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Module boundaries, checked on every build. */
class ModularityTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		// the workers' test-jar (shared test support) is tests too
		.withImportOption((location) -> !location.contains("-tests.jar"))
		.importPackages("com.nexacrm");

	@Test
	void featureModulesHaveNoCycles() {
		slices().matching("com.nexacrm.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void onlyTheAdaptersInWorkersTalkToThirdPartySdks() {
		noClasses().that()
			.resideOutsideOfPackage("com.nexacrm.workers..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.stripe..", "com.resend..", "com.slack..")
			.allowEmptyShould(true)
			.check(CLASSES);
	}

	@Test
	void eachSdkIsImportedByItsOneAdapter() {
		noClasses().that()
			.doNotHaveFullyQualifiedName("com.nexacrm.workers.email.ResendMailer")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.resend..")
			.check(CLASSES);
		noClasses().that()
			.doNotHaveFullyQualifiedName("com.nexacrm.workers.slack.SlackApiNotifier")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.slack..")
			.check(CLASSES);
		// the HTTP client both SDKs are built on
		noClasses().that()
			.doNotHaveFullyQualifiedName("com.nexacrm.workers.email.ResendMailer")
			.and()
			.doNotHaveFullyQualifiedName("com.nexacrm.workers.slack.SlackApiNotifier")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("okhttp3..")
			.check(CLASSES);
	}

	@Test
	void workersNeverReachIntoTheApplication() {
		noClasses().that()
			.resideInAPackage("com.nexacrm.workers..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("com.nexacrm.workers..", "java..", "io.camunda..", "org.slf4j..",
					// the SDKs of the adapters and the HTTP client under them
					"com.resend..", "com.slack..", "okhttp3..")
			.check(CLASSES);
	}

	@Test
	void onlyThePlatformStartsTheEmbeddedEngineOrDatabase() {
		noClasses().that()
			.resideOutsideOfPackage("com.nexacrm.platform..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.camunda.zeebe.process.test..")
			.check(CLASSES);
	}

}
