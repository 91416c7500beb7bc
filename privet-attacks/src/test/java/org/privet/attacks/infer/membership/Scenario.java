package org.privet.attacks.infer.membership;

import org.privet.attacks.reference.ModelRecipe;
import org.privet.attacks.reference.ModelRecipes;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.PurchaseLike;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.train.TrainConfig;

/**
 * A membership-inference test scenario on Purchase-like data: a target trained with {@code recipe} on
 * {@code members}, candidates = members followed by as many non-members, and a disjoint population.
 */
record Scenario(ProbabilisticClassifier target, Dataset candidates, boolean[] isMember, Dataset population,
        ModelRecipe recipe, Dataset members, Dataset nonMembers) {

    /** Small train set, many epochs, no regularisation: a target that memorises. */
    static ModelRecipe overfitRecipe() {
        return ModelRecipes.mlp(new int[] {64}, TrainConfig.adam(3e-3f, 40, 32, 0));
    }

    /** Weight decay, few epochs: a target that generalises. */
    static ModelRecipe regularisedRecipe() {
        return ModelRecipes.mlp(new int[] {16},
                new org.privet.core.train.TrainConfig("adam", 1e-3f, 3, 64, 0f, 0.05f, 0));
    }

    static Scenario purchase(long seed, int members, int population, int classes, ModelRecipe recipe) {
        Rng rng = Rng.of(seed);
        Dataset all = PurchaseLike.generate(2 * members + population, 100, classes, rng.child("data"));
        int[] perm = rng.child("split").permutation(all.size());
        int[] mi = java.util.Arrays.copyOfRange(perm, 0, members);
        int[] ni = java.util.Arrays.copyOfRange(perm, members, 2 * members);
        int[] pi = java.util.Arrays.copyOfRange(perm, 2 * members, perm.length);
        Dataset mem = all.subset(mi);
        Dataset non = all.subset(ni);
        ProbabilisticClassifier target = recipe.train(mem, rng.child("target"));
        Dataset cand = Dataset.concat("candidates", mem, non);
        boolean[] isMember = new boolean[2 * members];
        for (int i = 0; i < members; i++) {
            isMember[i] = true;
        }
        return new Scenario(target, cand, isMember, all.subset(pi), recipe, mem, non);
    }
}
