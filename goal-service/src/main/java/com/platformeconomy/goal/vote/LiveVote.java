package com.platformeconomy.goal.vote;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One voter's vote on a proposal; the key makes a second vote by the same voter impossible. */
@Entity
@IdClass(LiveVote.Key.class)
public class LiveVote extends PanacheEntityBase {

    @Id
    public String proposalId;
    @Id
    public String voter;
    public boolean approve;
    public Instant castAt;

    public static class Key implements Serializable {
        public String proposalId;
        public String voter;

        public Key() {
        }

        public Key(String proposalId, String voter) {
            this.proposalId = proposalId;
            this.voter = voter;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(proposalId, key.proposalId) && Objects.equals(voter, key.voter);
        }

        @Override
        public int hashCode() {
            return Objects.hash(proposalId, voter);
        }
    }
}
