package dev.alternator.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application whose {@code DynamoDbClient} is the Alternator starter's
 * load-balanced client: CRUD endpoints over one table ({@code /items}) and a conditional
 * read-modify-write ({@code POST /items/{id}/quantity}).
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the application.
	 * @param args the command-line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
