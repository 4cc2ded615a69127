package dev.alternator.sample;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.alternator.client.AlternatorWriteOutcomeUnknownException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * CRUD endpoints over the {@code items} table, and a conditional read-modify-write.
 *
 * @since 0.1.0
 */
@RestController
@RequestMapping("/items")
public class ItemController {

	/**
	 * How often a read-modify-write is retried when another write won the race.
	 */
	static final int MAX_CONDITIONAL_ATTEMPTS = 10;

	private final ItemRepository items;

	/**
	 * Creates the controller.
	 * @param items the repository
	 */
	public ItemController(ItemRepository items) {
		this.items = items;
	}

	/**
	 * Creates an item.
	 * @param request the item
	 * @return 201 with the item (also when its create had an unknown outcome but the item
	 * reads back as written), 409 when the id is taken, or 503 when the outcome stays
	 * unknown
	 */
	@PostMapping
	public ResponseEntity<Item> create(@RequestBody ItemRequest request) {
		String id = (request.id() != null && !request.id().isBlank()) ? request.id() : UUID.randomUUID().toString();
		return this.items.create(id, request.name(), request.quantity())
			.map((item) -> ResponseEntity.created(URI.create("/items/" + item.id())).body(item))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.CONFLICT).build());
	}

	/**
	 * Lists every item.
	 * @return the items
	 */
	@GetMapping
	public List<Item> list() {
		return this.items.findAll();
	}

	/**
	 * Reads an item.
	 * @param id the id
	 * @return 200 with the item, or 404
	 */
	@GetMapping("/{id}")
	public ResponseEntity<Item> get(@PathVariable String id) {
		return ResponseEntity.of(this.items.find(id));
	}

	/**
	 * Replaces the name and quantity of an item.
	 * @param id the id
	 * @param request the new values
	 * @return 200 with the item, or 404
	 */
	@PutMapping("/{id}")
	public ResponseEntity<Item> replace(@PathVariable String id, @RequestBody ItemRequest request) {
		return ResponseEntity.of(this.items.replace(id, request.name(), request.quantity()));
	}

	/**
	 * Deletes an item.
	 * @param id the id
	 * @return 204, or 404
	 */
	@DeleteMapping("/{id}")
	public ResponseEntity<Void> delete(@PathVariable String id) {
		return this.items.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	/**
	 * Adds to the quantity of an item with a read-modify-write: read the item, compute
	 * the new quantity, write it on the condition that the version did not change
	 * (retrying when another write won). Key affinity
	 * ({@code alternator.key-affinity.mode=rmw}) routes such conditional writes of one
	 * item to one coordinator.
	 * @param id the id
	 * @param delta the amount to add (negative to remove)
	 * @return 200 with the item, 404, or 409 when the item kept changing
	 */
	@PostMapping("/{id}/quantity")
	public ResponseEntity<Item> addQuantity(@PathVariable String id, @RequestParam long delta) {
		for (int attempt = 0; attempt < MAX_CONDITIONAL_ATTEMPTS; attempt++) {
			Optional<Item> current = this.items.find(id);
			if (current.isEmpty()) {
				return ResponseEntity.notFound().build();
			}
			Item item = current.get();
			Optional<Item> updated = this.items.updateQuantityIfVersion(item, item.quantity() + delta);
			if (updated.isPresent()) {
				return ResponseEntity.ok(updated.get());
			}
		}
		return ResponseEntity.status(HttpStatus.CONFLICT).build();
	}

	/**
	 * A write whose outcome is unknown (its node failed after it may have applied it, and
	 * it is not idempotent, so it was not resent): 503 with a problem detail telling the
	 * caller to read the item before writing again.
	 * @param ex the failure
	 * @return the problem detail
	 */
	@ExceptionHandler(AlternatorWriteOutcomeUnknownException.class)
	public ProblemDetail writeOutcomeUnknown(AlternatorWriteOutcomeUnknownException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The write may or may not have been applied: read the item before writing it again.");
		problem.setTitle("Write outcome unknown");
		problem.setProperty("node", ex.node());
		return problem;
	}

}
