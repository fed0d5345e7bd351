package io.chat4all.api.files;

import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/** File metadata in {@code files}, one row per file id. */
public final class FileStore {
    private final CqlSession session;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    public FileStore(CqlSession session) {
        this.session = session;
        this.insert = session.prepare("INSERT INTO files (file_id, conversation_id, uploader_id, name, content_type, "
                + "size, sha256, storage, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.select = session.prepare("SELECT file_id, conversation_id, uploader_id, name, content_type, size, sha256, "
                + "created_at FROM files WHERE file_id = ?");
    }

    /** Records a file whose content {@code storage} (the backend's name) holds. */
    public void insert(StoredFile file, String storage) {
        session.execute(insert.bind(file.fileId(), file.conversationId(), file.uploaderId(), file.name(),
                file.contentType(), file.size(), file.sha256(), storage, file.createdAt()));
    }

    public Optional<StoredFile> find(UUID fileId) {
        Row row = session.execute(select.bind(fileId)).one();
        return row == null ? Optional.empty() : Optional.of(new StoredFile(row.getUuid("file_id"), row.getString("name"),
                row.getString("content_type"), row.getLong("size"), row.getString("sha256"),
                row.getUuid("conversation_id"), row.getUuid("uploader_id"), row.getInstant("created_at")));
    }
}
