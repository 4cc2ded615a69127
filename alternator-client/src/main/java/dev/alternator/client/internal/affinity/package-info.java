/**
 * Internal: partition-key affinity — which writes qualify, the cross-language key→node
 * choice, and the background lookup of partition-key names.
 */
@NullMarked
package dev.alternator.client.internal.affinity;

import org.jspecify.annotations.NullMarked;
