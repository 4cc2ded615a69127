package dev.alternator.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The internal packages show the flow — seeds, discovery, node list, plan, attempt,
 * health — and depend on each other in one direction only. Replica placement is pure
 * logic over {@code common} and the SDK's model; replica-aware routing reads it and the
 * node state, and the planner reads replica-aware routing.
 */
class PackageStructureTests {

	private static final String INTERNAL = "dev.alternator.client.internal";

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.alternator.client");

	@Test
	void internalPackagesAreFreeOfCycles() {
		SlicesRuleDefinition.slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void commonDependsOnNoOtherInternalPackage() {
		noClasses().that()
			.resideInAPackage(INTERNAL + ".common..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(INTERNAL, INTERNAL + ".node..", INTERNAL + ".health..", INTERNAL + ".discovery..",
					INTERNAL + ".affinity..", INTERNAL + ".routing..", INTERNAL + ".wire..", INTERNAL + ".sdk..",
					INTERNAL + ".placement..", INTERNAL + ".replica..")
			.check(this.classes);
	}

	@Test
	void nodeStateDependsOnlyOnCommon() {
		noClasses().that()
			.resideInAPackage(INTERNAL + ".node..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(INTERNAL, INTERNAL + ".health..", INTERNAL + ".discovery..", INTERNAL + ".affinity..",
					INTERNAL + ".routing..", INTERNAL + ".wire..", INTERNAL + ".sdk..", INTERNAL + ".replica..")
			.check(this.classes);
	}

	@Test
	void placementDependsOnlyOnCommon() {
		noClasses().that()
			.resideInAPackage(INTERNAL + ".placement..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(INTERNAL, INTERNAL + ".node..", INTERNAL + ".health..", INTERNAL + ".discovery..",
					INTERNAL + ".affinity..", INTERNAL + ".routing..", INTERNAL + ".wire..", INTERNAL + ".sdk..",
					INTERNAL + ".replica..")
			.check(this.classes);
	}

	@Test
	void replicaRoutingReadsPlacementAndNodeStateButNoOtherPart() {
		noClasses().that()
			.resideInAPackage(INTERNAL + ".replica..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(INTERNAL, INTERNAL + ".health..", INTERNAL + ".discovery..", INTERNAL + ".affinity..",
					INTERNAL + ".routing..", INTERNAL + ".wire..", INTERNAL + ".sdk..")
			.check(this.classes);
	}

	@Test
	void onlyTheSdkAssemblyAndTheDirectoryReachIntoTheSdkPackage() {
		noClasses().that()
			.resideInAnyPackage(INTERNAL + ".common..", INTERNAL + ".node..", INTERNAL + ".health..",
					INTERNAL + ".discovery..", INTERNAL + ".affinity..", INTERNAL + ".routing..", INTERNAL + ".wire..",
					INTERNAL + ".placement..", INTERNAL + ".replica..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(INTERNAL + ".sdk..")
			.check(this.classes);
	}

}
