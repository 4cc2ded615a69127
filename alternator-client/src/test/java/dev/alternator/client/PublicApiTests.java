package dev.alternator.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import dev.alternator.client.micrometer.AlternatorObservations;
import dev.alternator.client.micrometer.AlternatorSdkMeters;
import dev.alternator.client.micrometer.AlternatorSdkMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API never exposes types of the {@code internal} package.
 */
class PublicApiTests {

	private static final List<Class<?>> API = List.of(AlternatorConfig.class, AlternatorConfig.Builder.class,
			AlternatorConfigurationException.class, AlternatorDynamoDbClient.class,
			AlternatorDynamoDbClient.Builder.class, AlternatorDynamoDbAsyncClient.class,
			AlternatorDynamoDbAsyncClient.Builder.class, AlternatorNodeDirectory.class,
			AlternatorNodeDirectory.Builder.class, AlternatorListener.class, AttemptOutcome.class,
			DiscoveryResult.class, DiscoveryResult.Outcome.class, KeyAffinityMode.class, LoadBalancing.class,
			NodeState.class, NodeStatus.class, RequestCompression.class, RoutingScope.class, RoutingScope.Cluster.class,
			RoutingScope.Datacenter.class, RoutingScope.Rack.class, TlsConfig.class, TlsConfig.Builder.class,
			WriteRetryPolicy.class, AlternatorWriteOutcomeUnknownException.class,
			AlternatorWriteOutcomeUnknownException.Builder.class, AlternatorRequestOptions.class,
			ReplicaRoutingStatus.class, ReplicaRoutingStatus.Placement.class);

	/** The optional Micrometer integration. */
	private static final List<Class<?>> MICROMETER_API = List.of(AlternatorSdkMetrics.class, AlternatorSdkMeters.class,
			AlternatorObservations.class);

	@Test
	void publicSignaturesUseNoInternalType() {
		assertThat(leaks(API)).isEmpty();
	}

	@Test
	void micrometerIntegrationSignaturesUseNoInternalType() {
		assertThat(leaks(MICROMETER_API)).isEmpty();
	}

	private static List<String> leaks(List<Class<?>> api) {
		List<String> leaks = new ArrayList<>();
		for (Class<?> type : api) {
			for (Method method : type.getDeclaredMethods()) {
				if (Modifier.isPublic(method.getModifiers())) {
					check(leaks, type, method.getName(), method.getGenericReturnType());
					for (Type parameter : method.getGenericParameterTypes()) {
						check(leaks, type, method.getName(), parameter);
					}
				}
			}
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (Modifier.isPublic(constructor.getModifiers())) {
					for (Type parameter : constructor.getGenericParameterTypes()) {
						check(leaks, type, "<init>", parameter);
					}
				}
			}
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isPublic(field.getModifiers())) {
					check(leaks, type, field.getName(), field.getGenericType());
				}
			}
		}
		return leaks;
	}

	@Test
	void everyPublicTypeOfTheApiPackageIsListed() throws Exception {
		String packagePath = AlternatorConfig.class.getPackageName().replace('.', '/');
		java.nio.file.Path classes = java.nio.file.Path
			.of(AlternatorConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> found = new ArrayList<>();
		try (var files = java.nio.file.Files.list(classes.resolve(packagePath))) {
			files.map((path) -> path.getFileName().toString())
				.filter((name) -> name.endsWith(".class") && !name.contains("$"))
				.map((name) -> name.substring(0, name.length() - ".class".length()))
				.forEach(found::add);
		}
		List<String> publicTypes = new ArrayList<>();
		for (String name : found) {
			Class<?> type = Class.forName(AlternatorConfig.class.getPackageName() + "." + name);
			if (Modifier.isPublic(type.getModifiers())) {
				publicTypes.add(type.getSimpleName());
			}
		}
		assertThat(API.stream().filter((type) -> type.getEnclosingClass() == null).map(Class::getSimpleName))
			.containsExactlyInAnyOrderElementsOf(publicTypes);
	}

	private static void check(List<String> leaks, Class<?> owner, String member, Type type) {
		if (type.getTypeName().contains(".internal.")) {
			leaks.add(owner.getSimpleName() + "." + member + ": " + type.getTypeName());
		}
	}

}
