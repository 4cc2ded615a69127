package dev.alternator.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * House rules for the auto-configuration classes (after Spring Boot's architecture
 * checks): every registered auto-configuration is a {@code public final} class with a
 * package-private constructor, every {@code @Bean} method is package-private and
 * {@code @ConditionalOnMissingBean}, and no class uses the core's internal package.
 */
class AutoConfigurationConventionsTests {

	@Test
	void autoConfigurationsArePublicFinalWithPackagePrivateConstructors() throws Exception {
		for (Class<?> type : autoConfigurations()) {
			assertThat(type).hasAnnotation(AutoConfiguration.class);
			assertThat(Modifier.isPublic(type.getModifiers())).as(type.getName()).isTrue();
			assertThat(Modifier.isFinal(type.getModifiers())).as(type.getName()).isTrue();
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				int modifiers = constructor.getModifiers();
				assertThat(Modifier.isPublic(modifiers) || Modifier.isPrivate(modifiers)
						|| Modifier.isProtected(modifiers))
					.as(constructor.toString())
					.isFalse();
			}
		}
	}

	@Test
	void beanMethodsArePackagePrivateAndBackOff() throws Exception {
		List<Method> beanMethods = new ArrayList<>();
		for (Class<?> type : autoConfigurations()) {
			collectBeanMethods(type, beanMethods);
		}
		assertThat(beanMethods).hasSizeGreaterThan(10);
		for (Method method : beanMethods) {
			int modifiers = method.getModifiers();
			assertThat(Modifier.isPublic(modifiers) || Modifier.isPrivate(modifiers) || Modifier.isProtected(modifiers))
				.as(method.toString())
				.isFalse();
			assertThat(method.isAnnotationPresent(ConditionalOnMissingBean.class)).as(method.toString()).isTrue();
		}
	}

	@Test
	void noClassUsesTheCoreInternalPackage() throws IOException {
		Path classes = Path
			.of(AlternatorAutoConfiguration.class.getProtectionDomain().getCodeSource().getLocation().getPath());
		try (Stream<Path> files = Files.walk(classes)) {
			List<Path> offenders = files.filter((file) -> file.toString().endsWith(".class"))
				.filter(AutoConfigurationConventionsTests::referencesInternalPackage)
				.toList();
			assertThat(offenders).isEmpty();
		}
	}

	private static boolean referencesInternalPackage(Path classFile) {
		try {
			String constantPool = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
			return constantPool.contains("dev/alternator/client/internal");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void collectBeanMethods(Class<?> type, List<Method> beanMethods) {
		for (Method method : type.getDeclaredMethods()) {
			if (method.isAnnotationPresent(Bean.class)) {
				beanMethods.add(method);
			}
		}
		for (Class<?> nested : type.getDeclaredClasses()) {
			if (nested.isAnnotationPresent(Configuration.class)) {
				collectBeanMethods(nested, beanMethods);
			}
		}
	}

	private static List<Class<?>> autoConfigurations() throws Exception {
		URL imports = AlternatorAutoConfiguration.class.getClassLoader()
			.getResource("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		List<Class<?>> types = new ArrayList<>();
		try (InputStream in = imports.openStream()) {
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				String name = line.trim();
				if (!name.isEmpty() && !name.startsWith("#")) {
					types.add(Class.forName(name));
				}
			}
		}
		assertThat(types).hasSize(7);
		return types;
	}

}
