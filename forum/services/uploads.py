"""Uploads: the files members share in posts and private messages, and their profile pictures.

A file's type is read from its content (libmagic), never from its name or the browser's
word, and must be on the allow-list. Images are decoded and encoded again (upright, without
EXIF, GPS or any other metadata; refused past UPLOAD_MAX_PIXELS before decoding), with their
thumbnails made once; documents in ZIP form (Office, OpenDocument) are opened to check they
are what they say and no ZIP bomb. The bytes are stored once per content, under their SHA-256
(forum.storage); each member's upload of them is an Upload row.

A post or message shows a file by its address (/uploads/SHA.EXT), as the composer writes it;
cooking turns the address into an image or a download link when the writer may show that
file (uploaded it, or can read something that shows it), and `link` records which files each
post and message shows: a file is served to whoever may read one of them (forum.permissions).
Files nothing shows are removed UPLOAD_ORPHAN_HOURS after their upload (remove_orphans).
"""

import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from datetime import timedelta

import magic
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps
from sqlalchemy import case, delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from forum import events, jobs, permissions, textread
from forum.extensions import db
from forum.models import MessageUpload, Post, PostUpload, Upload, User
from forum.models.base import utcnow
from forum.models.upload import FILENAME_MAX
from forum.services import AlreadyDone, add_once, transaction
from forum.services.errors import InvalidInput, NotAllowed
from forum.storage import storage
from forum.text import file_size, replace_surrogates

log = logging.getLogger(__name__)

IMAGES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
DOCUMENTS = {
    "application/pdf": "pdf",
    _OOXML + "wordprocessingml.document": "docx",
    _OOXML + "spreadsheetml.sheet": "xlsx",
    _OOXML + "presentationml.presentation": "pptx",
    _ODF + "text": "odt",
    _ODF + "spreadsheet": "ods",
    _ODF + "presentation": "odp",
    "text/plain": "txt",
    "text/csv": "csv",
}
# What an Office document's ZIP holds, which says which one it is.
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
# Documents whose text search reads (read_text).
TEXT_READ = {"pdf", "docx", "odt", "txt", "csv"}
# A document's ZIP may unpack to at most this many bytes, in at most this many files.
ZIP_MAX_UNPACKED = 50 * 1024 * 1024
ZIP_MAX_FILES = 5000

THUMBNAIL_WIDTHS = (320, 640, 1280)
# An animation may have at most this many frames.
MAX_FRAMES = 300
AVATAR_SIZE = 256
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|~])")
_NAME_SPACE = re.compile(r"\s+")


def address(upload, width=None) -> str:
    """Where a file (or its thumbnail of that width) is served."""
    if width:
        return f"/uploads/{upload.sha256}-{width}.webp"
    return f"/uploads/{upload.sha256}.{upload.extension}"


def markdown(upload) -> str:
    """The Markdown that shows the file in a post: the image, or a link to download it."""
    name = _MARKDOWN_SPECIAL.sub(r"\\\1", upload.filename)
    return f"{'!' if upload.is_image else ''}[{name}]({address(upload)})"


def receive(user, filename, data: bytes) -> Upload:
    """Check, process and store a file the user uploads; the Upload (the same one when the
    user has uploaded the same file before). InvalidInput says what is wrong with the file, or
    which limit it would pass; nothing is stored then."""
    _check_can_upload(user, data)
    content_type, extension = sniff(data, filename)
    width = height = None
    thumbnails = {}
    if content_type in IMAGES:
        data, width, height, thumbnails = _processed_image(data, content_type)
    sha = hashlib.sha256(data).hexdigest()
    name = clean_filename(filename, extension)
    existing = _existing(user, sha)
    if existing is not None:
        return _uploaded_again(existing, name)
    _check_quota(user, len(data))
    upload = Upload(
        user_id=user.id,
        sha256=sha,
        filename=name,
        content_type=content_type,
        extension=extension,
        size=len(data),
        width=width,
        height=height,
        thumbnails=" ".join(str(w) for w in sorted(thumbnails)),
    )
    try:
        with transaction():
            add_once(upload, "")
    except AlreadyDone:  # the same file, from the same member, at the same moment
        return _uploaded_again(_existing(user, sha), name)
    _store(upload, data, thumbnails)
    if extension in TEXT_READ:
        jobs.run_after_commit(read_text, upload.id)
    return upload


def _uploaded_again(upload, name):
    """The member's earlier upload of the same file, under the name just given, and as recent
    as this upload (the grace period before removal starts again)."""
    with transaction():
        upload.filename, upload.created_at = name, utcnow()
    return upload


def read_picked(picked) -> bytes:
    """The bytes of a file picked in a form, read no further than one past the largest allowed
    (receive then says it is too large)."""
    return picked.stream.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)


def receive_avatar(user, filename, data: bytes) -> Upload:
    """Make an uploaded image the user's profile picture: cropped to its middle square and
    made AVATAR_SIZE pixels wide (or less, if smaller), without any metadata."""
    _check_can_upload(user, data)
    content_type, _extension = sniff(data, filename)
    if content_type not in IMAGES:
        raise InvalidInput(_("A profile picture must be a JPEG, PNG, WebP or GIF image."), field="file")
    square = _pixels(data, _square_picture)
    picture = _encoded(square, "WEBP", quality=85)
    sha = hashlib.sha256(picture).hexdigest()
    upload = _existing(user, sha)
    if upload is None:
        _check_quota(user, len(picture))
        upload = Upload(
            user_id=user.id,
            sha256=sha,
            filename="avatar.webp",
            content_type="image/webp",
            extension="webp",
            size=len(picture),
            width=square.width,
            height=square.height,
            thumbnails="",
        )
        try:
            with transaction():
                add_once(upload, "")
        except AlreadyDone:  # the same picture, sent twice at once
            upload = _existing(user, sha)
        else:
            _store(upload, picture, {})
    with transaction():
        user.avatar_sha256 = sha
    return upload


def _square_picture(image):
    side = min(image.size)
    square = ImageOps.fit(image, (side, side)).convert("RGB")
    square.thumbnail((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    return square


def remove_avatar(user):
    """Back to the letter avatar (the picture goes with the next removal of orphans)."""
    with transaction():
        user.avatar_sha256 = None


def _check_can_upload(user, data):
    if not permissions.can_upload(user):
        raise NotAllowed(_("You cannot upload files at the moment."))
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if not data:
        raise InvalidInput(_("The file is empty."), field="file")
    if len(data) > limit:
        raise InvalidInput(
            _("The file is too large: the most allowed is %(limit)s.", limit=file_size(limit)), field="file"
        )


def _existing(user, sha):
    return db.session.scalars(select(Upload).where(Upload.user_id == user.id, Upload.sha256 == sha)).first()


def sniff(data: bytes, filename) -> tuple[str, str]:
    """The file's type and extension, read from its content; InvalidInput when it is not one
    the forum takes (SVG, HTML, programs, archives...)."""
    content_type = magic.from_buffer(data[: 1024 * 1024], mime=True)
    if content_type in IMAGES:
        return content_type, IMAGES[content_type]
    if content_type in ("application/zip", "application/octet-stream") or content_type.startswith((_OOXML, _ODF)):
        found = _zipped_document(data)
        if found:
            return found, DOCUMENTS[found]
    elif content_type == "application/pdf":
        return content_type, "pdf"
    elif content_type in ("text/plain", "text/csv"):
        _check_text(data)
        csv = content_type == "text/csv" or (filename or "").lower().endswith(".csv")
        return ("text/csv", "csv") if csv else ("text/plain", "txt")
    raise InvalidInput(
        _(
            "Files of this kind cannot be shared. You can share images (JPEG, PNG, WebP, GIF), PDF, "
            "Word, Excel and PowerPoint documents, OpenDocument files, plain text and CSV."
        ),
        field="file",
    )


def _zipped_document(data) -> str | None:
    """The Office or OpenDocument type of a ZIP that is one, whole and not a bomb; else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > ZIP_MAX_FILES or unpacked > ZIP_MAX_UNPACKED:
                return None
            names = {member.filename for member in members}
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return declared if declared in DOCUMENTS and declared.startswith(_ODF) else None
            if "[Content_Types].xml" in names:
                found = [kind for part, kind in _OOXML_PARTS.items() if part in names]
                if len(found) == 1:
                    return next(t for t, e in DOCUMENTS.items() if e == found[0])
    except Exception:  # not a ZIP, or a damaged, encrypted or odd one: not a document we take
        return None
    return None


def _check_text(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("A text file must be written in UTF-8."), field="file") from None
    if "\x00" in text:
        raise InvalidInput(_("A text file must be written in UTF-8."), field="file")


def _pixels(data, work):
    """work(image) on the decoded, upright image; InvalidInput when the image is too large (in
    any of its frames), has too many frames, or cannot be decoded or encoded whole. Every error
    of Pillow's, wherever it comes (a later frame, the encoder), is the file's, never a 500."""
    limit = current_app.config["UPLOAD_MAX_PIXELS"]
    too_large = InvalidInput(
        _("The image is too large: at most %(n)d million pixels.", n=limit // 1_000_000), field="file"
    )
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
        frames = _frames(image, limit, too_large)
        image.load()
        # An animation keeps its frames (a copy would keep one); it has no EXIF orientation.
        return work(image if frames > 1 else ImageOps.exif_transpose(image))
    except InvalidInput:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard (set to UPLOAD_MAX_PIXELS)
        raise too_large from None
    except Exception:
        log.info("An uploaded image could not be processed", exc_info=True)
        raise InvalidInput(_("The image is damaged or incomplete."), field="file") from None


def _frames(image, limit, too_large) -> int:
    """How many frames the image has, read one by one up to MAX_FRAMES: each within the image's
    size (a frame larger than it would grow the canvas past any check made on the header) and
    all of them within limit pixels together."""
    Image.MAX_IMAGE_PIXELS = limit
    size, count, pixels = image.size, 0, 0
    while True:
        if image.size != size:
            raise too_large
        count += 1
        pixels += image.width * image.height
        if pixels > limit or count > MAX_FRAMES:
            raise too_large
        try:
            image.seek(count)
        except EOFError:
            break
    image.seek(0)
    return count


def _processed_image(data, content_type):
    """(bytes, width, height, {width: thumbnail bytes}) of an uploaded image, encoded again.
    An animation keeps its frames and gets no thumbnails (they would stand still)."""
    return _pixels(data, lambda image: _encode_with_thumbnails(image, content_type))


def _encode_with_thumbnails(image, content_type):
    animated = getattr(image, "n_frames", 1) > 1 and content_type in ("image/gif", "image/webp")
    if content_type == "image/jpeg":
        encoded = _encoded(_without_alpha(image), "JPEG", quality=85, optimize=True, progressive=True)
    elif content_type == "image/png":
        encoded = _encoded(image, "PNG")
    elif content_type == "image/webp":
        encoded = _encoded(image, "WEBP", quality=85, save_all=animated)
    else:
        encoded = _encoded(image, "GIF", save_all=animated)
    thumbnails = {}
    for width in () if animated else THUMBNAIL_WIDTHS:
        if width >= image.width:
            break
        thumb = image.copy()
        thumb.thumbnail((width, round(image.height * width / image.width) or 1), Image.Resampling.LANCZOS)
        thumbnails[width] = _encoded(_rgb_or_rgba(thumb), "WEBP", quality=80)
    return encoded, image.width, image.height, thumbnails


def _without_alpha(image):
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def _rgb_or_rgba(image):
    if image.mode in ("RGB", "RGBA"):
        return image
    return image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA", "P") else "RGB")


def _encoded(image, format_, **options) -> bytes:
    """The image in format_, with nothing of the original's metadata (EXIF with GPS, XMP,
    comments, text chunks): only the pixels, and the colour profile they need."""
    profile = image.info.get("icc_profile")
    image.info = {key: value for key, value in image.info.items() if key in ("transparency", "duration", "loop")}
    if profile and format_ in ("JPEG", "PNG", "WEBP"):
        options["icc_profile"] = profile
    out = io.BytesIO()
    image.save(out, format_, exif=b"", **options) if format_ != "GIF" else image.save(out, format_, **options)
    return out.getvalue()


def _check_quota(user, size):
    config = current_app.config
    since = utcnow() - timedelta(days=1)
    today, total = db.session.execute(
        select(
            func.coalesce(func.sum(case((Upload.created_at >= since, Upload.size), else_=0)), 0),
            func.coalesce(func.sum(Upload.size), 0),
        ).where(Upload.user_id == user.id)
    ).one()
    day_limit = config["NEW_USER_UPLOAD_DAY_BYTES" if permissions.is_new_user(user) else "UPLOAD_DAY_BYTES"]
    if today + size > day_limit:
        raise InvalidInput(
            _(
                "You can upload %(limit)s a day, and have %(left)s left today.",
                limit=file_size(day_limit),
                left=file_size(max(0, day_limit - today)),
            ),
            field="file",
        )
    if total + size > config["UPLOAD_TOTAL_BYTES"]:
        raise InvalidInput(
            _(
                "Your files have reached the most one member may keep (%(limit)s).",
                limit=file_size(config["UPLOAD_TOTAL_BYTES"]),
            ),
            field="file",
        )


def _store(upload, data, thumbnails):
    """The bytes of an upload whose row is committed (a recent row keeps the removal of
    orphans away from its hash's bytes); if they cannot be stored, the row goes too."""
    store = storage()
    try:
        store.put(key(upload.sha256, upload.extension), data, upload.content_type)
        for width, thumb in thumbnails.items():
            store.put(key(upload.sha256, "webp", width), thumb, "image/webp")
    except Exception:
        with transaction():
            db.session.execute(delete(Upload).where(Upload.id == upload.id))
        raise


def open_file(upload, width=None):
    """The stored file (or its thumbnail of that width) to read, or None if it is missing."""
    return storage().open(key(upload.sha256, upload.extension, width))


def key(sha, extension, width=None) -> str:
    """Where the object is kept in the store: fanned out by the hash's first two characters."""
    name = f"{sha}-{width}.webp" if width else f"{sha}.{extension}"
    return f"{sha[:2]}/{name}"


def clean_filename(filename, extension) -> str:
    """The name a file is shown and downloaded under: the last part of what the browser sent,
    in NFC, without control or format characters (bidi overrides among them) or path
    separators, ending in the extension its content says."""
    name = unicodedata.normalize("NFC", replace_surrogates(filename or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn"))
    name = _NAME_SPACE.sub(" ", name).strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[: FILENAME_MAX - len(extension) - 1].strip(" .") or "file"
    return f"{stem}.{extension}"


# Showing files in posts and messages.


def shown_files(writer, shas, kept=()) -> dict:
    """Of these hashes, the files a post or message of writer's may show: those it showed
    already (kept: an edit, or cooking again, keeps them), those writer uploaded, and those
    writer may read elsewhere. hash → Upload (writer's own row if any). Without a writer, only
    the kept ones. One statement."""
    allowed = [Upload.sha256.in_(list(kept))] if kept else []
    if writer is not None:
        allowed += [Upload.user_id == writer.id, permissions.readable_file_clause(writer, Upload.sha256)]
    if not shas or not allowed:
        return {}
    stmt = select(Upload).where(Upload.sha256.in_(list(shas)), or_(*allowed)).order_by(Upload.id)
    found = {}
    for upload in db.session.scalars(stmt):
        if upload.sha256 not in found or (writer is not None and upload.user_id == writer.id):
            found[upload.sha256] = upload
    return found


def files_shown_by(post_ids) -> dict[int, set[str]]:
    """The hashes of the files each of these posts shows. One statement."""
    found: dict[int, set[str]] = {}
    rows = db.session.execute(
        select(PostUpload.post_id, PostUpload.sha256).where(PostUpload.post_id.in_(list(post_ids)))
    )
    for post_id, sha in rows:
        found.setdefault(post_id, set()).add(sha)
    return found


def link(cooked, *, post=None, message=None):
    """Record the files a post's or message's cooked HTML shows (replacing what it showed), in
    the caller's transaction. Each is listed under the name its author gave it; a file the author
    did not upload (shown from another post) keeps the name it had here, or goes by its hash:
    another member's name for a file is theirs alone."""
    from forum.markup import shown_uploads

    shas = shown_uploads(cooked)
    if post is not None:
        table, owner, owner_id, author_id = PostUpload, PostUpload.post_id, post.id, post.user_id
    else:
        table, owner, owner_id, author_id = MessageUpload, MessageUpload.message_id, message.id, message.author_id
    named = dict(db.session.execute(select(table.sha256, table.filename).where(owner == owner_id)).all())
    db.session.execute(delete(table).where(owner == owner_id))
    if not shas:
        return
    files = {}
    for upload in db.session.scalars(select(Upload).where(Upload.sha256.in_(shas)).order_by(Upload.id)):
        if upload.sha256 not in files or upload.user_id == author_id:
            files[upload.sha256] = upload
    rows = []
    for sha in shas:
        if sha not in files:
            continue
        upload = files[sha]
        name = upload.filename if upload.user_id == author_id else named.get(sha, f"{sha[:12]}.{upload.extension}")
        rows.append(
            {
                owner.key: owner_id,
                "sha256": sha,
                "filename": name,
                "extension": upload.extension,
                "size": upload.size,
                "is_image": upload.is_image,
            }
        )
    if rows:
        db.session.execute(insert(table), rows)


def check_count(cooked):
    """InvalidInput when a post or message would show more than UPLOADS_PER_POST files."""
    from forum.markup import shown_uploads

    limit = current_app.config["UPLOADS_PER_POST"]
    if len(shown_uploads(cooked)) > limit:
        raise InvalidInput(_("A post can show at most %(n)d files.", n=limit), field="raw")


# Background work.


@jobs.job
def read_text(upload_id):
    """Read a document's text for search, then have the posts that show it indexed again."""
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.text is not None:
        return
    handle = open_file(upload)
    if handle is None:
        return
    with handle:
        data = handle.read()
    text = _document_text(upload.extension, data)
    with transaction():
        db.session.execute(
            update(Upload).where(Upload.sha256 == upload.sha256).values(text=_clean_text(text)[: textread.TEXT_MAX])
        )
        shown_by = select(PostUpload.post_id).where(PostUpload.sha256 == upload.sha256)
        db.session.execute(
            update(Post)
            .where(Post.id.in_(shown_by))
            .values(search_dirty=True)
            .execution_options(synchronize_session=False)
        )
    events.search_changed.send()


def _document_text(extension, data) -> str:
    if extension in ("txt", "csv"):
        return data.decode("utf-8-sig", "replace")
    return textread.read(extension, data)


def _clean_text(text):
    text = replace_surrogates(text).replace("\x00", "")
    return unicodedata.normalize("NFC", text)


@jobs.periodic(minute="41")
def remove_orphans(now=None) -> int:
    """Remove the files that no post, message or profile shows, UPLOAD_ORPHAN_HOURS after
    their last upload; their bytes go once no row refers to them. Idempotent."""
    before = (now or utcnow()) - timedelta(hours=current_app.config["UPLOAD_ORPHAN_HOURS"])
    sha, recent = Upload.sha256, aliased(Upload)
    unshown = (
        Upload.created_at < before,
        ~exists().where(PostUpload.sha256 == sha),
        ~exists().where(MessageUpload.sha256 == sha),
        ~exists().where(User.avatar_sha256 == sha),
        ~exists().where(recent.sha256 == sha, recent.created_at >= before),
    )
    rows = db.session.execute(
        select(Upload.id, Upload.sha256, Upload.extension, Upload.thumbnails).where(*unshown)
    ).all()
    if not rows:
        return 0
    with transaction():
        # Asked again as it deletes: a post written, or the file uploaded again, since the
        # rows were read keeps them.
        deleted = (
            db.session.execute(
                delete(Upload).where(Upload.id.in_([row.id for row in rows]), *unshown).returning(Upload.id)
            )
            .scalars()
            .all()
        )
    rows = [row for row in rows if row.id in set(deleted)]
    store = storage()
    for sha_, extension, thumbnails in {(row.sha256, row.extension, row.thumbnails) for row in rows}:
        if db.session.scalar(select(Upload.id).where(Upload.sha256 == sha_).limit(1)) is not None:
            continue  # uploaded again meanwhile
        store.delete(key(sha_, extension))
        for width in thumbnails.split():
            store.delete(key(sha_, "webp", width))
    return len(rows)
