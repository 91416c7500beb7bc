package org.privet.spark.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.privet.attacks.infer.membership.AttackResult;
import org.privet.attacks.infer.membership.AuditRequest;
import org.privet.attacks.infer.membership.AuditResult;
import org.privet.attacks.infer.membership.MembershipAudit;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.attacks.reference.ReferenceOutputs;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.PurchaseLike;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.spark.FaultInjection;
import org.privet.spark.TestSpark;

/**
 * Reference models trained as Spark tasks give the local audit bit for bit (deterministic: fixed seeds, no
 * tolerance), also when every task fails once and is retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkReferenceTrainingTest {
    private static final RecipeSpec SPEC = RecipeSpec.mlp(new int[] {16}, TrainConfig.adam(3e-3f, 8, 32, 0));

    private JavaSparkContext spark;
    private AuditRequest request;
    private AuditResult local;

    @BeforeAll
    void auditLocally() {
        spark = TestSpark.context();
        Rng rng = Rng.of(5);
        Dataset all = PurchaseLike.generate(240, 30, 4, rng.child("data"));
        int[] perm = rng.child("split").permutation(all.size());
        Dataset members = all.subset(Arrays.copyOfRange(perm, 0, 60));
        Dataset non = all.subset(Arrays.copyOfRange(perm, 60, 120));
        Dataset population = all.subset(Arrays.copyOfRange(perm, 120, 240));
        ProbabilisticClassifier target = SPEC.toRecipe().train(members, rng.child("target"));
        request = AuditRequest.builder().target(target).candidates(Dataset.concat("candidates", members, non))
                .population(population).recipe(SPEC.toRecipe()).attacks("all").references(4).threads(2).seed(3)
                .build();
        local = MembershipAudit.run(request, null);
    }

    @Test
    void everyAttackScoresExactlyAsTheLocalAuditAndEachModelReportsProgress() throws Exception {
        java.util.List<Long> updates = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.privet.core.progress.Progress progress = new org.privet.core.progress.Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void update(long done, String detail) {
                if (detail.equals("model trained on Spark")) {
                    updates.add(done);
                }
            }

            @Override
            public void finish() {
            }
        };
        AuditResult onSpark = new SparkReferenceTraining(spark, SPEC).audit(request, progress);
        assertSame(onSpark);
        // the listener bus delivers task ends asynchronously: wait for it to drain (bounded, not a timing test)
        spark.sc().listenerBus().waitUntilEmpty(10_000);
        assertThat(updates).hasSize(4).contains(4L);
    }

    @Test
    void tasksThatFailOnTheirFirstAttemptAreRetriedWithoutChangingTheResult() {
        AuditResult onSpark = new SparkReferenceTraining(spark, SPEC, FaultInjection.failFirstAttempt())
                .audit(request, null);
        assertSame(onSpark);
    }

    private void assertSame(AuditResult onSpark) {
        assertThat(onSpark.attacks()).extracting(AttackResult::attack)
                .containsExactlyElementsOf(local.attacks().stream().map(AttackResult::attack).toList());
        for (AttackResult a : local.attacks()) {
            assertThat(onSpark.attack(a.attack()).scores()).as(a.attack()).containsExactly(a.scores());
        }
        ReferenceOutputs l = local.references().orElseThrow();
        ReferenceOutputs s = onSpark.references().orElseThrow();
        assertThat(s.models()).isEqualTo(4);
        for (int m = 0; m < l.models(); m++) {
            assertThat(s.logits(m, 0)).containsExactly(l.logits(m, 0));
            assertThat(s.probe(m)).containsExactly(l.probe(m));
        }
        assertThat(onSpark.provenance()).isEqualTo(local.provenance());
    }

    @Test
    void aSpecThatDoesNotDescribeTheRequestsRecipeIsRefused() {
        RecipeSpec other = RecipeSpec.mlp(new int[] {17}, TrainConfig.adam(3e-3f, 8, 32, 0));
        assertThatThrownBy(() -> new SparkReferenceTraining(spark, other).audit(request, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not describe");
    }

    @Test
    void aCustomAugmentationThatCannotBeRebuiltOnExecutorsIsRefused() {
        QueryAugmentation custom = new QueryAugmentation() {
            @Override
            public String name() {
                return "my-noise";
            }

            @Override
            public Tensor apply(Tensor x) {
                return x.copy();
            }
        };
        AuditRequest r = AuditRequest.builder().target(request.target()).candidates(request.candidates())
                .population(request.population()).recipe(SPEC.toRecipe()).attacks("lira").references(2)
                .augmentations(List.of(custom)).build();
        assertThatThrownBy(() -> new SparkReferenceTraining(spark, SPEC).audit(r, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("my-noise");
    }

    @Test
    void recipeTextParsesToTheCliRecipe() {
        RecipeSpec p = RecipeSpec.parse(java.util.Map.of("model", "mlp", "hidden", "16", "lr", "0.003", "epochs", "8",
                "batch-size", "32", "seed", "0"));
        assertThat(p.toRecipe().describe()).isEqualTo(SPEC.toRecipe().describe());
        assertThatThrownBy(() -> RecipeSpec.parse(java.util.Map.of("epochs", "x")))
                .hasMessageContaining("'epochs' needs a number");
        assertThatThrownBy(() -> RecipeSpec.parse(java.util.Map.of("colour", "red")))
                .hasMessageContaining("unknown recipe key 'colour'");
    }
}
