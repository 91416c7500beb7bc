/**
 * Seeded, stratified splits: train/test, k-fold, and the disjoint member / non-member / reference
 * pools of membership-inference experiments ({@link org.privet.core.data.split.AttackSplits}).
 */
package org.privet.core.data.split;
