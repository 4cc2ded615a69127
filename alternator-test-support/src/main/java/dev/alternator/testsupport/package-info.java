/**
 * A local emulated Alternator cluster for tests and demos.
 */
@NullMarked
package dev.alternator.testsupport;

import org.jspecify.annotations.NullMarked;
