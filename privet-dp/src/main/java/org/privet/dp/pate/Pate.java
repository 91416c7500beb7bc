package org.privet.dp.pate;

import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * The student side of PATE: label public unlabelled inputs with GNMax over the teachers' votes (recording each query
 * in a {@link PateAccountant}), then train a student on those labels only. The student, and anything computed from
 * it, is {@code (accountant.epsilonDataIndependent(delta), delta)}-DP with respect to the teachers' private data
 * (RDP composition of the queries; the student's training is post-processing). The public inputs are assumed public:
 * they are not protected.
 */
public final class Pate {
    private Pate() {
    }

    /** A trained student and how it was obtained. */
    public record StudentResult(Sequential student, int[] labels, long queries, double sigma, double epsilonDataIndependent,
            double epsilonDataDependent, double delta) {
    }

    /**
     * Answers one GNMax query per public input.
     *
     * @param teachers the ensemble
     * @param aggregator GNMax
     * @param accountant records every query (before its answer is returned)
     * @param publicInputs {@code [q, ...]}
     * @return the noisy labels
     */
    public static int[] label(TeacherEnsemble teachers, GnMax aggregator, PateAccountant accountant, Tensor publicInputs) {
        if (teachers == null || aggregator == null || accountant == null || publicInputs == null) {
            throw new IllegalArgumentException("teachers, aggregator, accountant and public inputs must not be null");
        }
        int[][] votes = teachers.votes(publicInputs);
        int[] labels = new int[votes.length];
        for (int i = 0; i < votes.length; i++) {
            accountant.record(votes[i], aggregator.sigma());
            labels[i] = aggregator.aggregate(votes[i]);
        }
        return labels;
    }

    /**
     * Answers the public inputs with Confident-GNMax: every query's threshold check is recorded, answered ones also as
     * GNMax queries, before anything is returned.
     *
     * @return the noisy labels, -1 for queries the check did not answer
     */
    public static int[] labelConfident(TeacherEnsemble teachers, ConfidentGnMax aggregator, PateAccountant accountant,
            Tensor publicInputs) {
        if (teachers == null || aggregator == null || accountant == null || publicInputs == null) {
            throw new IllegalArgumentException("teachers, aggregator, accountant and public inputs must not be null");
        }
        int[][] votes = teachers.votes(publicInputs);
        int[] labels = new int[votes.length];
        for (int i = 0; i < votes.length; i++) {
            accountant.recordThreshold(aggregator.sigma1(), aggregator.threshold(), votes[i]);
            labels[i] = aggregator.answer(votes[i]);
            if (labels[i] >= 0) {
                accountant.record(votes[i], aggregator.sigma2());
            }
        }
        return labels;
    }

    /**
     * Labels the public inputs and trains the student on them.
     *
     * @param student a fresh network
     * @param delta the delta the epsilons are reported for, in {@code (0, 1)}
     */
    public static StudentResult trainStudent(TeacherEnsemble teachers, GnMax aggregator, Tensor publicInputs,
            Sequential student, TrainConfig config, double delta, Progress progress) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
        }
        if (student == null || config == null || progress == null) {
            throw new IllegalArgumentException("student, config and progress must not be null");
        }
        PateAccountant acc = new PateAccountant();
        int[] labels = label(teachers, aggregator, acc, publicInputs);
        Trainer.fit(student, publicInputs, labels, config, progress);
        student.eval();
        return new StudentResult(student, labels, acc.queries(), aggregator.sigma(), acc.epsilonDataIndependent(delta),
                acc.epsilonDataDependent(delta), delta);
    }
}
