package io.tillgate.engine.campaign;

import java.util.List;

public class InvalidCampaignException extends RuntimeException {
    private final List<CampaignProblem> problems;

    public InvalidCampaignException(List<CampaignProblem> problems) {
        super(problems.isEmpty() ? "invalid campaign" : problems.get(0).pointer() + ": " + problems.get(0).details());
        this.problems = List.copyOf(problems);
    }

    public List<CampaignProblem> problems() {
        return problems;
    }
}
