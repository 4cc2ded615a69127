package dev.alternator.spring.autoconfigure;

import java.util.List;

import dev.alternator.client.AlternatorConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@link AlternatorConnectionDetails} backed by {@link AlternatorProperties}; unset
 * properties keep the core library's defaults.
 * <p>
 * Thread-safe as long as the properties are not changed after binding.
 *
 * @since 0.1.0
 */
public class PropertiesAlternatorConnectionDetails implements AlternatorConnectionDetails {

	private final AlternatorProperties properties;

	/**
	 * Creates details backed by the given properties.
	 * @param properties the properties
	 */
	public PropertiesAlternatorConnectionDetails(AlternatorProperties properties) {
		this.properties = properties;
	}

	@Override
	public List<String> getSeedHosts() {
		return List.copyOf(this.properties.getSeedHosts());
	}

	@Override
	public int getPort() {
		Integer port = this.properties.getPort();
		return (port != null) ? port : AlternatorConfig.DEFAULT_PORT;
	}

	@Override
	public String getScheme() {
		String scheme = this.properties.getScheme();
		return (scheme != null) ? scheme : AlternatorConfig.DEFAULT_SCHEME;
	}

	@Override
	public boolean isDiscoveryEnabled() {
		Boolean enabled = this.properties.getDiscoveryEnabled();
		return (enabled != null) ? enabled : AlternatorConfig.DEFAULT_DISCOVERY_ENABLED;
	}

	@Override
	public @Nullable String getDatacenter() {
		return this.properties.getDatacenter();
	}

	@Override
	public @Nullable String getRack() {
		return this.properties.getRack();
	}

	@Override
	public @Nullable String getSslBundleName() {
		return this.properties.getTls().getBundle();
	}

}
