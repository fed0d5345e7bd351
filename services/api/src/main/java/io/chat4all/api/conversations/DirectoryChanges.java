package io.chat4all.api.conversations;

import java.util.List;

import io.chat4all.contracts.DirectoryChange;

/**
 * Where the api announces {@link DirectoryChange}s to the routers, which remember members and identities until told
 * otherwise: on {@code messages}, in each conversation's order ({@code MessagePublisher}).
 */
@FunctionalInterface
public interface DirectoryChanges {
    /** Returns once every change is acknowledged; a 503 {@code ApiProblem} when one is not. */
    void publish(List<DirectoryChange> changes);
}
