package io.nextbest.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A ruleset activated through the API, stored so that every replica activates it too. */
@Entity
@Table(name = "ruleset_release")
public class RulesetRelease {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String version;

    /** upload or rollback. */
    public String source;

    /** The rules folder's version when this was released: it overrides that content, not a later one. */
    @Column(name = "base_folder_version")
    public String baseFolderVersion;

    /** JSON object: file name → base64 content. */
    public String files;

    @Column(name = "released_at")
    public Instant releasedAt;
}
