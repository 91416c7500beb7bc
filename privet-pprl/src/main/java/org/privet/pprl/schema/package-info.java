/**
 * The linkage schema: a versioned JSON document naming the fields to encode, their tokenisation (q-grams with or
 * without padding, exact, numeric, date), hashing (double hashing, keyed HMAC, keyed BLAKE2b), weights (bits per
 * token or per feature), salting, the Bloom filter length and the hardening steps. {@link
 * org.privet.pprl.schema.LinkageSchema#parse} validates and reports every problem with the field it concerns.
 */
package org.privet.pprl.schema;
