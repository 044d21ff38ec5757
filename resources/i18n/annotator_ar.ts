<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_EG">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About annotator</source>
        <translation>عن annotator</translation>
    </message>
    <message>
        <source>&lt;b&gt;annotator {version}&lt;/b&gt;&lt;br&gt;Label named entities, quotations and stances in Arabic news articles, and export training data.&lt;br&gt;Licence: {licence}</source>
        <translation>&lt;b&gt;annotator {version}&lt;/b&gt;&lt;br&gt;وسم الكيانات المسمّاة والاقتباسات والمواقف في المقالات الإخبارية العربية، وتصدير بيانات التدريب.&lt;br&gt;الترخيص: {licence}</translation>
    </message>
    <message>
        <source>The fonts shipped with annotator and their licences:</source>
        <translation>الخطوط المرفقة بالبرنامج وتراخيصها:</translation>
    </message>
</context>
<context>
    <name>AgreementDialog</name>
    <message>
        <source>cancelled</source>
        <translation>أُلغي</translation>
    </message>
    <message>
        <source>Agreement between annotators</source>
        <translation>الاتفاق بين الموسِّمين</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>جارٍ الحساب…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <source>Exact F1</source>
        <translation>‏F1 (تطابق تام)</translation>
    </message>
    <message>
        <source>Overlap F1</source>
        <translation>‏F1 (تداخل)</translation>
    </message>
    <message>
        <source>Spans A / B</source>
        <translation>المقاطع أ / ب</translation>
    </message>
    <message>
        <source>Pairs (entity overlap F1)</source>
        <translation>الأزواج (F1 تداخل الكيانات)</translation>
    </message>
    <message>
        <source>Per label</source>
        <translation>لكل وسم</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>مصفوفة الالتباس</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>مواضع الخلاف</translation>
    </message>
    <message>
        <source>Pair:</source>
        <translation>الزوج:</translation>
    </message>
    <message>
        <source>no figures: {reason}</source>
        <translation>لا أرقام: {reason}</translation>
    </message>
    <message>
        <source>{annotators} annotators, {documents} documents ({complete} worked on by all), {disagreements} disagreements</source>
        <translation>الموسِّمون: {annotators}، المستندات: {documents} (عمل عليها الجميع: {complete})، مواضع الخلاف: {disagreements}</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Disagreement</source>
        <translation>الخلاف</translation>
    </message>
</context>
<context>
    <name>AnnotatorName</name>
    <message>
        <source>Your name as annotator (every label you make is kept under it):</source>
        <translation>اسمك موسِّمًا (يُحفظ تحته كل وسم تضعه):</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>الموسِّم</translation>
    </message>
    <message>
        <source>Please give a name (not empty, not &apos;gold&apos;):</source>
        <translation>أعطِ اسمًا من فضلك (غير فارغ، وليس &apos;gold&apos;):</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <source>Check again</source>
        <translation>افحص مجددًا</translation>
    </message>
    <message>
        <source>Check the project</source>
        <translation>فحص المشروع</translation>
    </message>
    <message>
        <source>warning: {w}</source>
        <translation>تنبيه: {w}</translation>
    </message>
    <message>
        <source>{problems} found (listed above, each with how to recover)</source>
        <translation>وُجدت {problems} (مسرودة أعلاه، مع طريقة الإصلاح لكل منها)</translation>
    </message>
    <message>
        <source>the project is sound</source>
        <translation>المشروع سليم</translation>
    </message>
    <message>
        <source>; {warnings} (listed above)</source>
        <translation>؛ {warnings} (مسرودة أعلاه)</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n مقطع</numerusform>
            <numerusform>مقطع واحد</numerusform>
            <numerusform>مقطعان</numerusform>
            <numerusform>%n مقاطع</numerusform>
            <numerusform>%n مقطعًا</numerusform>
            <numerusform>%n مقطع</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n مستند</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%n مستندات</numerusform>
            <numerusform>%n مستندًا</numerusform>
            <numerusform>%n مستند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new document(s)</source>
        <translation>
            <numerusform>%n مستند جديد</numerusform>
            <numerusform>مستند جديد واحد</numerusform>
            <numerusform>مستندان جديدان</numerusform>
            <numerusform>%n مستندات جديدة</numerusform>
            <numerusform>%n مستندًا جديدًا</numerusform>
            <numerusform>%n مستند جديد</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n relation(s)</source>
        <translation>
            <numerusform>%n علاقة</numerusform>
            <numerusform>علاقة واحدة</numerusform>
            <numerusform>علاقتان</numerusform>
            <numerusform>%n علاقات</numerusform>
            <numerusform>%n علاقةً</numerusform>
            <numerusform>%n علاقة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n مشكلة</numerusform>
            <numerusform>مشكلة واحدة</numerusform>
            <numerusform>مشكلتان</numerusform>
            <numerusform>%n مشكلات</numerusform>
            <numerusform>%n مشكلةً</numerusform>
            <numerusform>%n مشكلة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n تنبيه</numerusform>
            <numerusform>تنبيه واحد</numerusform>
            <numerusform>تنبيهان</numerusform>
            <numerusform>%n تنبيهات</numerusform>
            <numerusform>%n تنبيهًا</numerusform>
            <numerusform>%n تنبيه</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n نتيجة</numerusform>
            <numerusform>نتيجة واحدة</numerusform>
            <numerusform>نتيجتان</numerusform>
            <numerusform>%n نتائج</numerusform>
            <numerusform>%n نتيجةً</numerusform>
            <numerusform>%n نتيجة</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n occurrence(s)</source>
        <translation>
            <numerusform>%n ورود</numerusform>
            <numerusform>ورود واحد</numerusform>
            <numerusform>ورودان</numerusform>
            <numerusform>%n ورودات</numerusform>
            <numerusform>%n ورودًا</numerusform>
            <numerusform>%n ورود</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cue(s)</source>
        <translation>
            <numerusform>%n فعل قول</numerusform>
            <numerusform>فعل قول واحد</numerusform>
            <numerusform>فعلا قول</numerusform>
            <numerusform>%n أفعال قول</numerusform>
            <numerusform>%n فعلَ قول</numerusform>
            <numerusform>%n فعل قول</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CurationDialog</name>
    <message>
        <source>Curation into gold</source>
        <translation>التحكيم في المعيار الذهبي</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>الذهبي</translation>
    </message>
    <message>
        <source>Accept all agreed (G)</source>
        <translation>اقبل كل المتفق عليه (G)</translation>
    </message>
    <message>
        <source>1–9 take that annotator&apos;s version · R reject · E edit gold here · G accept all agreed · V whose layer the article shows · PgDn/PgUp document · Ctrl+Z / Ctrl+Shift+Z undo / redo in gold</source>
        <translation>المفاتيح 1 إلى 9 تأخذ نسخة ذلك الموسِّم · R ارفض · E حرّر الذهبي هنا · G اقبل كل المتفق عليه · V طبقة من يعرضها المقال · PgDn/PgUp المستند · Ctrl+Z / Ctrl+Shift+Z تراجع / إعادة في الطبقة الذهبية</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>مرفوض</translation>
    </message>
    <message>
        <source>{settled} of {units} settled, {agreed} agreed and waiting — {name}</source>
        <translation>حُسم {settled} من {units}، ومتفق عليه بانتظار القبول: {agreed} — {name}</translation>
    </message>
    <message numerus="yes">
        <source>gold took %n item(s) all annotators agree on</source>
        <translation>
            <numerusform>لم يأخذ المعيار الذهبي أي عنصر اتفق عليه الجميع</numerusform>
            <numerusform>أخذ المعيار الذهبي عنصرًا واحدًا اتفق عليه الجميع</numerusform>
            <numerusform>أخذ المعيار الذهبي عنصرين اتفق عليهما الجميع</numerusform>
            <numerusform>أخذ المعيار الذهبي %n عناصر اتفق عليها الجميع</numerusform>
            <numerusform>أخذ المعيار الذهبي %n عنصرًا اتفق عليه الجميع</numerusform>
            <numerusform>أخذ المعيار الذهبي %n عنصر اتفق عليها الجميع</numerusform>
        </translation>
    </message>
    <message>
        <source>now labelling the gold layer: select and press a label key; Tools › Curation again to go on</source>
        <translation>تسِم الآن الطبقة الذهبية: حدّد ثم اضغط مفتاح وسم؛ أدوات ‹ التحكيم مرة أخرى للمتابعة</translation>
    </message>
    <message>
        <source>the article shows {name}&apos;s layer</source>
        <translation>يعرض المقال طبقة {name}</translation>
    </message>
</context>
<context>
    <name>DisagreementWords</name>
    <message>
        <source>speaker&apos;s stance</source>
        <translation>موقف القائل</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <source>{a}: {a_has} — {b}: {b_has}</source>
        <translation>‏{a}: {a_has} — {b}: {b_has}</translation>
    </message>
    <message>
        <source>{a} and {b} differ on who says it: {a_has} / {b_has}</source>
        <translation>يختلف {a} و{b} في القائل: {a_has} / {b_has}</translation>
    </message>
    <message>
        <source>{a} and {b} differ on the cue: {a_has} / {b_has}</source>
        <translation>يختلف {a} و{b} في فعل القول: {a_has} / {b_has}</translation>
    </message>
    <message>
        <source>{a} and {b} differ on the kind of quotation: {a_has} / {b_has}</source>
        <translation>يختلف {a} و{b} في نوع الاقتباس: {a_has} / {b_has}</translation>
    </message>
    <message>
        <source>only {name} set a stance toward {target}: {value}</source>
        <translation>حدّد {name} وحده موقفًا من {target}: {value}</translation>
    </message>
    <message>
        <source>{a} and {b} differ on the stance toward {target}: {a_has} / {b_has}</source>
        <translation>يختلف {a} و{b} في الموقف من {target}: {a_has} / {b_has}</translation>
    </message>
    <message>
        <source>only {name} set the speaker&apos;s stance toward {target}: {value}</source>
        <translation>حدّد {name} وحده موقف القائل من {target}: {value}</translation>
    </message>
    <message>
        <source>only {name} set the speaker&apos;s stance: {value}</source>
        <translation>حدّد {name} وحده موقف القائل: {value}</translation>
    </message>
    <message>
        <source>{a} and {b} differ on the speaker&apos;s stance toward {target}: {a_has} / {b_has}</source>
        <translation>يختلف {a} و{b} في موقف القائل من {target}: {a_has} / {b_has}</translation>
    </message>
    <message>
        <source>{a} and {b} differ on the speaker&apos;s stance: {a_has} / {b_has}</source>
        <translation>يختلف {a} و{b} في موقف القائل: {a_has} / {b_has}</translation>
    </message>
    <message>
        <source>{kind} «{words}»: {sentence}</source>
        <translation>‏{kind} «{words}»: {sentence}</translation>
    </message>
</context>
<context>
    <name>DocumentNavigator</name>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message>
        <source>{names} is here (working on it now)</source>
        <translation>‏{names} هنا (يعمل عليه الآن)</translation>
    </message>
    <message>
        <source>Documents — {name}</source>
        <translation>المستندات — {name}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <source>Ent.</source>
        <translation>كيان</translation>
    </message>
    <message>
        <source>Quo.</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <source>status and counts of {name}&apos;s work (File › Switch annotator for another&apos;s)</source>
        <translation>حالة عمل {name} وأعداده (ملف ‹ تبديل الموسِّم لعرض عمل غيره)</translation>
    </message>
    <message>
        <source>{name}&apos;s status of each document</source>
        <translation>حالة كل مستند عند {name}</translation>
    </message>
    <message>
        <source>entities {name} labelled</source>
        <translation>الكيانات التي وسمها {name}</translation>
    </message>
    <message>
        <source>quotations {name} marked</source>
        <translation>الاقتباسات التي حدّدها {name}</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>الذهبي</translation>
    </message>
</context>
<context>
    <name>EntitiesPanel</name>
    <message>
        <source>Entities</source>
        <translation>الكيانات</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Split by document</source>
        <translation>التقسيم حسب المستند</translation>
    </message>
    <message>
        <source>one file per split; a document&apos;s split follows from its text and the seed, so adding documents moves none; a split left empty is refused</source>
        <translation>ملف لكل قسم؛ يتحدد قسم المستند بنصه وبالبذرة، فإضافة مستندات لا تنقل أي مستند من قسمه؛ ويُرفض قسم يبقى بلا مستندات</translation>
    </message>
    <message>
        <source>e.g. train=0.8,dev=0.1,test=0.1</source>
        <translation>مثلًا ⁨train=0.8,dev=0.1,test=0.1⁩</translation>
    </message>
    <message>
        <source>Seed of the split</source>
        <translation>بذرة التقسيم</translation>
    </message>
    <message>
        <source>the same seed gives the same split</source>
        <translation>البذرة نفسها تعطي التقسيم نفسه</translation>
    </message>
    <message>
        <source>Include the documents nobody worked on</source>
        <translation>ضمِّن المستندات التي لم يعمل عليها أحد</translation>
    </message>
    <message>
        <source>write the documents the chosen annotators never worked on as documents without entities (left out by default, and counted)</source>
        <translation>اكتب المستندات التي لم يعمل عليها الموسِّمون المختارون مستنداتٍ بلا كيانات (تُستبعد افتراضيًا، وتُحصى)</translation>
    </message>
    <message>
        <source>Role in config.cfg</source>
        <translation>الدور في ⁨config.cfg⁩</translation>
    </message>
    <message>
        <source>without a split: what spaCy&apos;s config.cfg uses the file for</source>
        <translation>دون تقسيم: ما يستعمل له ملفُّ ⁨config.cfg⁩ في spaCy هذا الملف</translation>
    </message>
    <message>
        <source>as the file&apos;s name says</source>
        <translation>حسب اسم الملف</translation>
    </message>
    <message>
        <source>train</source>
        <translation>تدريب</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>تطوير</translation>
    </message>
    <message>
        <source>test</source>
        <translation>اختبار</translation>
    </message>
    <message>
        <source>Longest row in tokens</source>
        <translation>أطول صف بالوحدات اللفظية</translation>
    </message>
    <message>
        <source>cut longer sentences at token boundaries, never inside an entity</source>
        <translation>اقطع الجمل الأطول عند حدود الوحدات اللفظية، لا داخل كيان أبدًا</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>بلا حد</translation>
    </message>
    <message>
        <source>Add the document&apos;s text to every row</source>
        <translation>أضف نص المستند إلى كل صف</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>file (a folder for {formats})</source>
        <translation>ملف (مجلد للصيغ {formats})</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>اختر…</translation>
    </message>
    <message>
        <source>only the open document ({name})</source>
        <translation>المستند المفتوح فقط ({name})</translation>
    </message>
    <message>
        <source>only the open document</source>
        <translation>المستند المفتوح فقط</translation>
    </message>
    <message>
        <source>replace a file that is not an earlier export of this format</source>
        <translation>استبدل ملفًا ليس تصديرًا سابقًا بهذه الصيغة</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <source>Write to</source>
        <translation>اكتب إلى</translation>
    </message>
    <message>
        <source>Annotators (gold: the adjudicated layer)</source>
        <translation>الموسِّمون (gold: الطبقة المحكَّمة)</translation>
    </message>
    <message>
        <source>choose where to write first</source>
        <translation>اختر مكان الكتابة أولًا</translation>
    </message>
    <message>
        <source>tick at least one annotator</source>
        <translation>اختر موسِّمًا واحدًا على الأقل</translation>
    </message>
    <message>
        <source>“{field}”</source>
        <translation>‏«{field}»</translation>
    </message>
    <message>
        <source>a single annotator ticked in {field}</source>
        <translation>موسِّم واحد تختاره في {field}</translation>
    </message>
    <message>
        <source>wrote {paths}: {documents}, {spans}</source>
        <translation>كُتب {paths}: {documents}، {spans}</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>find (ignores tashkeel, tatweel, hamza forms; sees through و ف ب ل ك ال)</source>
        <translation>بحث (يتجاهل التشكيل والتطويل وصور الهمزة، ويتخطى و ف ب ل ك ال)</translation>
    </message>
    <message>
        <source>all documents</source>
        <translation>كل المستندات</translation>
    </message>
    <message>
        <source>previous hit (Shift+F3)</source>
        <translation>النتيجة السابقة (Shift+F3)</translation>
    </message>
    <message>
        <source>next hit (F3)</source>
        <translation>النتيجة التالية (F3)</translation>
    </message>
    <message>
        <source>Label all…</source>
        <translation>وسم الكل…</translation>
    </message>
    <message>
        <source>{hits} in {documents}</source>
        <translation>‏{hits} في {documents}</translation>
    </message>
    <message>
        <source>{index} of {count}</source>
        <translation>‏{index} من {count}</translation>
    </message>
    <message>
        <source>labelled {occurrences} {label} (one undo step: Ctrl+Z)</source>
        <translation>وُسمت {occurrences} بالوسم {label} (خطوة تراجع واحدة: Ctrl+Z)</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>by file name (.txt, .jsonl, .conll, ...)</source>
        <translation>حسب اسم الملف (‎.txt و‎.jsonl و‎.conll ...)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation>استيراد مستندات</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>أضف ملفات…</translation>
    </message>
    <message>
        <source>Add a folder…</source>
        <translation>أضف مجلدًا…</translation>
    </message>
    <message>
        <source>UTF-8 (with or without BOM)</source>
        <translation>‏UTF-8 (مع BOM أو بدونها)</translation>
    </message>
    <message>
        <source>for formats that name no annotator (CoNLL, spaCy)</source>
        <translation>للصيغ التي لا تسمّي موسِّمًا (CoNLL وspaCy)</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>الصيغة</translation>
    </message>
    <message>
        <source>Encoding of .txt files</source>
        <translation>ترميز ملفات ‎.txt</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>الموسِّم</translation>
    </message>
    <message>
        <source>add files or a folder first</source>
        <translation>أضف ملفات أو مجلدًا أولًا</translation>
    </message>
    <message>
        <source>“{field}”</source>
        <translation>‏«{field}»</translation>
    </message>
    <message>
        <source>choose {codec} (or {other}) in {field} and import again</source>
        <translation>اختر {codec} (أو {other}) في {field} ثم استورد من جديد</translation>
    </message>
    <message>
        <source>empty {field} and import it again (files that really are in another encoding: import them separately)</source>
        <translation>أفرغ {field} واستورده من جديد (أما الملفات التي هي فعلًا بترميز آخر فاستوردها وحدها)</translation>
    </message>
    <message>
        <source>choose it in {field}</source>
        <translation>اختره في {field}</translation>
    </message>
    <message>
        <source>in {field}</source>
        <translation>في {field}</translation>
    </message>
    <message>
        <source>imported {documents}</source>
        <translation>استُورد {documents}</translation>
    </message>
    <message>
        <source> ({n} already in the project)</source>
        <translation> (موجود في المشروع من قبل: {n})</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <source>Start</source>
        <translation>ابدأ</translation>
    </message>
    <message>
        <source>done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>working…</source>
        <translation>جارٍ العمل…</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>cancelled: nothing was written</source>
        <translation>أُلغي: لم يُكتب شيء</translation>
    </message>
    <message>
        <source>not done: {reason}</source>
        <translation>لم يتم: {reason}</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <source>Select text with the mouse</source>
        <translation>تحديد النص بالفأرة</translation>
    </message>
    <message>
        <source>snaps to whole words</source>
        <translation>يلتقط كلمات كاملة</translation>
    </message>
    <message>
        <source>Alt + select</source>
        <translation>‏Alt + تحديد</translation>
    </message>
    <message>
        <source>keeps the exact selection (a clitic و / ل stays outside the span)</source>
        <translation>يحتفظ بالتحديد كما هو (تبقى السابقة و / ل خارج المقطع)</translation>
    </message>
    <message>
        <source>Shift + arrows</source>
        <translation>‏Shift + الأسهم</translation>
    </message>
    <message>
        <source>select text with the keyboard</source>
        <translation>تحديد النص بلوحة المفاتيح</translation>
    </message>
    <message>
        <source>Click a span</source>
        <translation>نقرة على مقطع</translation>
    </message>
    <message>
        <source>selects it; click again to reach the span around it</source>
        <translation>تحدّده؛ ونقرة أخرى تصل إلى المقطع المحيط به</translation>
    </message>
    <message>
        <source>Stance panel: F / A / N / U, 0</source>
        <translation>لوحة الموقف: F / A / N / U، 0</translation>
    </message>
    <message>
        <source>set / unset the document&apos;s stance toward the chosen target</source>
        <translation>تعيين موقف المستند من الهدف المختار أو إلغاؤه</translation>
    </message>
    <message>
        <source>Ctrl + mouse wheel</source>
        <translation>‏Ctrl + عجلة الفأرة</translation>
    </message>
    <message>
        <source>zoom</source>
        <translation>تكبير وتصغير</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>المفاتيح</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>عمله</translation>
    </message>
</context>
<context>
    <name>LabelAllPreview</name>
    <message>
        <source>Label every occurrence {label}</source>
        <translation>وسم كل الورودات بالوسم {label}</translation>
    </message>
    <message>
        <source>  (already labelled)</source>
        <translation>  (موسوم من قبل)</translation>
    </message>
    <message>
        <source>Checked occurrences become {label}; uncheck those that are not:</source>
        <translation>الورودات المؤشَّر عليها تصير {label}؛ أزل التأشير عمّا ليس كذلك:</translation>
    </message>
</context>
<context>
    <name>LabelsPage</name>
    <message>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>اللون</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>اللون…</translation>
    </message>
    <message>
        <source>Add or rename labels, stance targets…</source>
        <translation>إضافة وسوم أو أهداف موقف أو إعادة تسميتها…</translation>
    </message>
    <message>
        <source>The project&apos;s labels: double-click a colour to change it, a key to type another (one character; an Arabic letter counts as its key on the Latin layout).</source>
        <translation>وسوم المشروع: انقر مرتين على لون لتغييره، وعلى مفتاح لكتابة غيره (حرف واحد؛ الحرف العربي يُحسب بمفتاحه في التخطيط اللاتيني).</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>لون %1</translation>
    </message>
    <message>
        <source>Each key can label one thing only: %1 is used twice</source>
        <translation>لكل مفتاح وسم واحد فقط: المفتاح %1 مستعمل مرتين</translation>
    </message>
    <message>
        <source>A key is one character, not %1</source>
        <translation>المفتاح حرف واحد، لا %1</translation>
    </message>
    <message>
        <source>%1 is taken by the workspace (S speaker, K kind); choose another key</source>
        <translation>‏%1 محجوز لمساحة العمل (S القائل، K النوع)؛ اختر مفتاحًا آخر</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>speaker</source>
        <translation>القائل</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>all keys</source>
        <translation>كل المفاتيح</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>دليل الوسوم</translation>
    </message>
    <message>
        <source>{label} ({category}); key {key}</source>
        <translation>‏{label} ({category})؛ المفتاح {key}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>لا شيء</translation>
    </message>
    <message>
        <source>Alt + select: exact (keeps و / ل outside)</source>
        <translation>‏Alt + تحديد: كما هو (تبقى و / ل خارجه)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The project is open in another window</source>
        <translation>المشروع مفتوح في نافذة أخرى</translation>
    </message>
    <message>
        <source>{who} is already working on this project as {annotator}.</source>
        <translation>‏{who} يعمل على هذا المشروع باسم {annotator}.</translation>
    </message>
    <message>
        <source>Two windows of one annotator would undo each other&apos;s work. Open this one read-only, or take over (the other window becomes read-only)?</source>
        <translation>نافذتان لموسِّم واحد تُبطل إحداهما عمل الأخرى. أتفتح هذه للقراءة فقط، أم تتولّى العمل (فتصير الأخرى للقراءة فقط)؟</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>افتح للقراءة فقط</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>تولَّ العمل</translation>
    </message>
    <message>
        <source>annotator</source>
        <translation>‏annotator</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>الاتفاق</translation>
    </message>
    <message>
        <source>Curation</source>
        <translation>التحكيم</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;فتح مشروع…</translation>
    </message>
    <message>
        <source>Open the &amp;demo project</source>
        <translation>فتح المشروع ال&amp;تجريبي</translation>
    </message>
    <message>
        <source>&amp;Import documents (files or a folder)…</source>
        <translation>ا&amp;ستيراد مستندات (ملفات أو مجلد)…</translation>
    </message>
    <message>
        <source>import files or a folder (or drop them onto the window)</source>
        <translation>استيراد ملفات أو مجلد (أو إفلاتها على النافذة)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;تصدير…</translation>
    </message>
    <message>
        <source>export in any format</source>
        <translation>التصدير بأي صيغة</translation>
    </message>
    <message>
        <source>&amp;Merge annotators&apos; projects…</source>
        <translation>&amp;دمج مشاريع الموسِّمين…</translation>
    </message>
    <message>
        <source>Switch &amp;annotator…</source>
        <translation>تبديل ال&amp;موسِّم…</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>إ&amp;غلاق المشروع</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تحرير</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>undo your last action</source>
        <translation>التراجع عن آخر إجراء لك</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <source>redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <source>&amp;Schema (labels, colours, keys, targets)…</source>
        <translation>&amp;مخطط الوسوم (الوسوم والألوان والمفاتيح والأهداف)…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>الإ&amp;عدادات…</translation>
    </message>
    <message>
        <source>settings: annotator, language, font, label colours and keys, backups</source>
        <translation>الإعدادات: الموسِّم، اللغة، الخط، ألوان الوسوم ومفاتيحها، النسخ الاحتياطية</translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation>&amp;وسم</translation>
    </message>
    <message>
        <source>Make the selected &amp;speaker of the quotation</source>
        <translation>اجعل المحدَّد &amp;قائل الاقتباس</translation>
    </message>
    <message>
        <source>speaker: the selected or clicked entity speaks the current quotation</source>
        <translation>القائل: الكيان المحدَّد أو المنقور هو قائل الاقتباس الحالي</translation>
    </message>
    <message>
        <source>Quotation &amp;kind: direct → indirect → mixed</source>
        <translation>&amp;نوع الاقتباس: مباشر ← غير مباشر ← مختلط</translation>
    </message>
    <message>
        <source>kind of the current quotation (cycles)</source>
        <translation>نوع الاقتباس الحالي (بالتناوب)</translation>
    </message>
    <message>
        <source>&amp;Delete the selected span</source>
        <translation>&amp;حذف المقطع المحدَّد</translation>
    </message>
    <message>
        <source>delete the selected span</source>
        <translation>حذف المقطع المحدَّد</translation>
    </message>
    <message>
        <source>&amp;Next span</source>
        <translation>المقطع ال&amp;تالي</translation>
    </message>
    <message>
        <source>in the article: select the next span</source>
        <translation>في المقال: تحديد المقطع التالي</translation>
    </message>
    <message>
        <source>&amp;Previous span</source>
        <translation>المقطع ال&amp;سابق</translation>
    </message>
    <message>
        <source>in the article: select the previous span</source>
        <translation>في المقال: تحديد المقطع السابق</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>إلغاء التحديد</translation>
    </message>
    <message>
        <source>clear the selection</source>
        <translation>إلغاء التحديد</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>&amp;مستند</translation>
    </message>
    <message>
        <source>&amp;Next document</source>
        <translation>المستند ال&amp;تالي</translation>
    </message>
    <message>
        <source>next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <source>&amp;Previous document</source>
        <translation>المستند ال&amp;سابق</translation>
    </message>
    <message>
        <source>previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <source>Mark &amp;done / not done</source>
        <translation>تعليم المستند م&amp;نجزًا / غير منجز</translation>
    </message>
    <message>
        <source>mark the document done (again: in progress)</source>
        <translation>تعليم المستند منجزًا (مرة أخرى: قيد العمل)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>Suggestions from a &amp;model</source>
        <translation>اقتراحات من &amp;نموذج</translation>
    </message>
    <message>
        <source>Open &amp;server project…</source>
        <translation>فتح مشروع على &amp;خادم…</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <source>larger text</source>
        <translation>نص أكبر</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <source>smaller text</source>
        <translation>نص أصغر</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>الحجم ال&amp;عادي</translation>
    </message>
    <message>
        <source>normal text size</source>
        <translation>حجم النص العادي</translation>
    </message>
    <message>
        <source>Next &amp;panel (article, quotations, entities, stance, documents)</source>
        <translation>ال&amp;لوحة التالية (المقال، الاقتباسات، الكيانات، الموقف، المستندات)</translation>
    </message>
    <message>
        <source>move the keyboard focus to the next panel</source>
        <translation>نقل تركيز لوحة المفاتيح إلى اللوحة التالية</translation>
    </message>
    <message>
        <source>Previous panel</source>
        <translation>اللوحة السابقة</translation>
    </message>
    <message>
        <source>previous panel</source>
        <translation>اللوحة السابقة</translation>
    </message>
    <message>
        <source>&amp;Documents list</source>
        <translation>قائمة ال&amp;مستندات</translation>
    </message>
    <message>
        <source>show or hide the documents list</source>
        <translation>إظهار قائمة المستندات أو إخفاؤها</translation>
    </message>
    <message>
        <source>&amp;Side panel (quotations, entities, stance)</source>
        <translation>اللوحة ال&amp;جانبية (الاقتباسات، الكيانات، الموقف)</translation>
    </message>
    <message>
        <source>show or hide the side panel</source>
        <translation>إظهار اللوحة الجانبية أو إخفاؤها</translation>
    </message>
    <message>
        <source>Article &amp;font</source>
        <translation>&amp;خط المقال</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;بحث…</translation>
    </message>
    <message>
        <source>find: tashkeel, hamza forms and proclitics seen through</source>
        <translation>البحث: يتخطى التشكيل وصور الهمزة والسوابق</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>البحث عن ال&amp;تالي</translation>
    </message>
    <message>
        <source>next hit of the find bar</source>
        <translation>النتيجة التالية في شريط البحث</translation>
    </message>
    <message>
        <source>Find &amp;previous</source>
        <translation>البحث عن ال&amp;سابق</translation>
    </message>
    <message>
        <source>previous hit</source>
        <translation>النتيجة السابقة</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;أدوات</translation>
    </message>
    <message>
        <source>&amp;Check the project…</source>
        <translation>&amp;فحص المشروع…</translation>
    </message>
    <message>
        <source>&amp;Suggestions…</source>
        <translation>الا&amp;قتراحات…</translation>
    </message>
    <message>
        <source>suggestions: ghosts from your earlier labels, a gazetteer and quotation marks; Enter accepts</source>
        <translation>الاقتراحات: ظلال من وسومك السابقة ومن معجم أعلام وعلامات التنصيص؛ Enter للقبول</translation>
    </message>
    <message>
        <source>&amp;Train model…</source>
        <translation>&amp;تدريب النموذج…</translation>
    </message>
    <message>
        <source>&amp;Accept all confident suggestions of this document</source>
        <translation>&amp;قبول كل الاقتراحات الواثقة في هذه الوثيقة</translation>
    </message>
    <message>
        <source>accept the model&apos;s suggestions scored at or above the threshold (Settings)</source>
        <translation>قبول اقتراحات النموذج التي تبلغ درجتها العتبة أو تزيد عليها (الإعدادات)</translation>
    </message>
    <message>
        <source>&amp;Next most useful document</source>
        <translation>الوثيقة الأ&amp;نفع التالية</translation>
    </message>
    <message>
        <source>open the undone document the model is least sure of</source>
        <translation>فتح الوثيقة غير المنجزة التي يكون النموذج أقل ثقة بها</translation>
    </message>
    <message>
        <source>&amp;Agreement between annotators…</source>
        <translation>الا&amp;تفاق بين الموسِّمين…</translation>
    </message>
    <message>
        <source>agreement: figures per pair and label, the confusion, and every disagreement</source>
        <translation>الاتفاق: الأرقام لكل زوج ووسم، ومصفوفة الالتباس، وكل موضع خلاف</translation>
    </message>
    <message>
        <source>&amp;Curation into gold…</source>
        <translation>ال&amp;تحكيم في المعيار الذهبي…</translation>
    </message>
    <message>
        <source>curation: settle the annotators&apos; disagreements into the gold layer</source>
        <translation>التحكيم: حسم خلافات الموسِّمين في الطبقة الذهبية</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;مساعدة</translation>
    </message>
    <message>
        <source>&amp;Keys</source>
        <translation>ال&amp;مفاتيح</translation>
    </message>
    <message>
        <source>this list of keys</source>
        <translation>قائمة المفاتيح هذه</translation>
    </message>
    <message>
        <source>&amp;About annotator</source>
        <translation>&amp;عن annotator</translation>
    </message>
    <message>
        <source>open or create a project first (File › New / Open)</source>
        <translation>افتح مشروعًا أو أنشئ واحدًا أولًا (ملف ‹ جديد / فتح)</translation>
    </message>
    <message>
        <source>label {label}: the selected words, or relabel the selected span</source>
        <translation>الوسم {label}: للكلمات المحدَّدة، أو لتغيير وسم المقطع المحدَّد</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>تعذّر فتح المشروع</translation>
    </message>
    <message>
        <source>read-only: {who} is working on this project as {name}; close it, or reopen this project and take over</source>
        <translation>للقراءة فقط: {who} يعمل على هذا المشروع باسم {name}؛ أغلقه، أو أعد فتح المشروع وتولَّ العمل</translation>
    </message>
    <message>
        <source>annotator — {file} — annotating as {name}</source>
        <translation>‏annotator — {file} — تسِم باسم {name}</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (للقراءة فقط)</translation>
    </message>
    <message>
        <source>this project has no documents yet: import some with File › Import</source>
        <translation>لا مستندات في هذا المشروع بعد: استوردها من ملف ‹ استيراد</translation>
    </message>
    <message>
        <source>Searches read every document until an annotator opens it (an old index).</source>
        <translation>يقرأ البحث كل المستندات إلى أن يفتح المشروعَ موسِّمٌ (فهرس قديم).</translation>
    </message>
    <message>
        <source>upgraded to this version&apos;s format, which older versions cannot open; as it was, it is in {path}</source>
        <translation>حُدِّث المشروع إلى صيغة هذا الإصدار، والإصدارات الأقدم لا تفتحها؛ نسخته كما كانت محفوظة في {path}</translation>
    </message>
    <message>
        <source>read-only: another window took over this project as {name}; reopen the project to take it back</source>
        <translation>للقراءة فقط: تولّت نافذة أخرى هذا المشروع باسم {name}؛ أعد فتح المشروع لاستعادته</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>أعد الفتح</translation>
    </message>
    <message>
        <source>updated with changes another program saved to the project</source>
        <translation>حُدِّث بتغييرات حفظها برنامج آخر في المشروع</translation>
    </message>
    <message>
        <source>NOT saved ✗</source>
        <translation>لم يُحفظ ✗</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>أعد المحاولة</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <source>Projects (*.annotator)</source>
        <translation>المشاريع (*.annotator)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <source>now annotating as {name}</source>
        <translation>تسِم الآن باسم {name}</translation>
    </message>
    <message>
        <source>this is the last document</source>
        <translation>هذا آخر مستند</translation>
    </message>
    <message>
        <source>this is the first document</source>
        <translation>هذا أول مستند</translation>
    </message>
    <message>
        <source>document marked done — PgDn for the next one</source>
        <translation>عُلِّم المستند منجزًا — PgDn للتالي</translation>
    </message>
    <message>
        <source>document back in progress</source>
        <translation>عاد المستند قيد العمل</translation>
    </message>
    <message>
        <source>A gazetteer to use (Cancel: none)</source>
        <translation>معجم أعلام للاستعمال (إلغاء: بلا معجم)</translation>
    </message>
    <message>
        <source>Gazetteer (*.tsv *.txt)</source>
        <translation>معجم أعلام (*.tsv *.txt)</translation>
    </message>
    <message>
        <source>agreement compares the work of at least two annotators; merge their projects first (File › Merge)</source>
        <translation>يقارن الاتفاق عمل موسِّمَين على الأقل؛ ادمج مشاريعهم أولًا (ملف ‹ دمج)</translation>
    </message>
    <message>
        <source>curation compares the work of at least two annotators; merge their projects first (File › Merge)</source>
        <translation>يقارن التحكيم عمل موسِّمَين على الأقل؛ ادمج مشاريعهم أولًا (ملف ‹ دمج)</translation>
    </message>
    <message>
        <source>saved ✓ {time}</source>
        <translation>حُفظ ✓ {time}</translation>
    </message>
    <message>
        <source>annotator: {name}</source>
        <translation>الموسِّم: {name}</translation>
    </message>
    <message>
        <source>document {index} of {count}</source>
        <translation>المستند {index} من {count}</translation>
    </message>
    <message>
        <source>no documents</source>
        <translation>لا مستندات</translation>
    </message>
    <message>
        <source>saved ✓</source>
        <translation>حُفظ ✓</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge</source>
        <translation>دمج</translation>
    </message>
    <message>
        <source>Merge annotators&apos; projects into this one</source>
        <translation>دمج مشاريع الموسِّمين في هذا المشروع</translation>
    </message>
    <message>
        <source>one .annotator file per line</source>
        <translation>ملف ‎.annotator واحد في كل سطر</translation>
    </message>
    <message>
        <source>OLD=NEW, ... (bring an annotator in under another name)</source>
        <translation>‏OLD=NEW, ... (إدخال موسِّم باسم آخر)</translation>
    </message>
    <message>
        <source>Add project files…</source>
        <translation>أضف ملفات مشاريع…</translation>
    </message>
    <message>
        <source>Project files to bring in (they are only read):</source>
        <translation>ملفات المشاريع المراد إدخالها (تُقرأ فقط):</translation>
    </message>
    <message>
        <source>Renames:</source>
        <translation>إعادة التسمية:</translation>
    </message>
    <message>
        <source>Projects (*.annotator)</source>
        <translation>المشاريع (*.annotator)</translation>
    </message>
    <message>
        <source>choose the project files to merge first</source>
        <translation>اختر ملفات المشاريع المراد دمجها أولًا</translation>
    </message>
    <message>
        <source>no new annotator</source>
        <translation>لا موسِّم جديد</translation>
    </message>
    <message>
        <source>merged {annotators}: {documents}, {spans}</source>
        <translation>دُمج {annotators}: {documents}، {spans}</translation>
    </message>
    <message>
        <source>; already here: {annotators}</source>
        <translation>؛ موجود من قبل: {annotators}</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss</source>
        <translation>تجاهل</translation>
    </message>
</context>
<context>
    <name>ModelLoop</name>
    <message>
        <source>trained on {n} documents; none held out, so no scores</source>
        <translation>دُرّب على {n} من الوثائق؛ لم تُحجز أي وثيقة، فلا درجات</translation>
    </message>
    <message>
        <source>trained on {n} documents; on {held} held out: precision {p}, recall {r}, F1 {f}</source>
        <translation>دُرّب على {n} من الوثائق؛ على {held} محجوزة: الدقة {p}، الاستدعاء {r}، F1 {f}</translation>
    </message>
    <message>
        <source>a model is kept beside the project file; a project on a server has none (use `annotator train`)</source>
        <translation>يُحفظ النموذج بجوار ملف المشروع؛ ولا مكان له لمشروع على خادم (استعمل `annotator train`)</translation>
    </message>
    <message>
        <source>a training is under way already</source>
        <translation>هناك تدريب جارٍ بالفعل</translation>
    </message>
    <message>
        <source>training the model again in the background…</source>
        <translation>إعادة تدريب النموذج في الخلفية…</translation>
    </message>
    <message>
        <source>the model is trained: {figures}</source>
        <translation>دُرّب النموذج: {figures}</translation>
    </message>
    <message>
        <source>the model was not trained: {reason}</source>
        <translation>لم يُدرَّب النموذج: {reason}</translation>
    </message>
    <message>
        <source>accepted {n} suggestions scored {score} % or more</source>
        <translation>قُبل {n} من الاقتراحات بدرجة {score} % فأكثر</translation>
    </message>
    <message>
        <source>no model yet: train one first (Tools › Suggestions from a model › Train model…)</source>
        <translation>لا نموذج بعد: درّب نموذجًا أولًا (أدوات › اقتراحات من نموذج › تدريب النموذج…)</translation>
    </message>
    <message>
        <source>looking for the document the model is least sure of…</source>
        <translation>البحث عن الوثيقة التي يكون النموذج أقل ثقة بها…</translation>
    </message>
    <message>
        <source>every document is marked done: nothing left to rank</source>
        <translation>كل الوثائق معلَّمة منجزة: لا شيء للترتيب</translation>
    </message>
    <message>
        <source>opened {name}: the model is least sure of it</source>
        <translation>فُتحت {name}: النموذج أقل ثقة بها</translation>
    </message>
</context>
<context>
    <name>OpeningProgress</name>
    <message>
        <source>Counting the tokens again (a new tokenizer)…</source>
        <translation>إعادة عدّ الوحدات اللفظية (مُقسِّم جديد)…</translation>
    </message>
    <message>
        <source>Building the search index…</source>
        <translation>بناء فهرس البحث…</translation>
    </message>
    <message>
        <source>Keeping a copy of the project as it was (its format is upgraded next)…</source>
        <translation>حفظ نسخة من المشروع كما كان (ثم تُحدَّث صيغته)…</translation>
    </message>
    <message>
        <source>Opening the project</source>
        <translation>فتح المشروع</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>stance toward {target}: {value}</source>
        <translation>الموقف من {target}: {value}</translation>
    </message>
    <message>
        <source>unset</source>
        <translation>بلا قيمة</translation>
    </message>
    <message>
        <source>added target {target}</source>
        <translation>أُضيف الهدف {target}</translation>
    </message>
    <message>
        <source>undid: gold — {action}</source>
        <translation>تراجع عن خطوة في الطبقة الذهبية: {action}</translation>
    </message>
    <message>
        <source>redid: gold — {action}</source>
        <translation>أُعيدت خطوة في الطبقة الذهبية: {action}</translation>
    </message>
    <message>
        <source>undid: your layer ({name}) — {action}</source>
        <translation>تراجع عن خطوة في طبقتك ({name}): {action}</translation>
    </message>
    <message>
        <source>redid: your layer ({name}) — {action}</source>
        <translation>أُعيدت خطوة في طبقتك ({name}): {action}</translation>
    </message>
    <message>
        <source>nothing to undo in gold</source>
        <translation>لا شيء للتراجع عنه في الطبقة الذهبية</translation>
    </message>
    <message>
        <source>nothing to redo in gold</source>
        <translation>لا شيء لإعادته في الطبقة الذهبية</translation>
    </message>
    <message>
        <source>nothing to undo in your layer ({name})</source>
        <translation>لا شيء للتراجع عنه في طبقتك ({name})</translation>
    </message>
    <message>
        <source>nothing to redo in your layer ({name})</source>
        <translation>لا شيء لإعادته في طبقتك ({name})</translation>
    </message>
    <message>
        <source>added label {label}</source>
        <translation>أُضيف الوسم {label}</translation>
    </message>
    <message>
        <source>changed label {label}</source>
        <translation>عُدّل الوسم {label}</translation>
    </message>
    <message>
        <source>renamed target {old} to {new}</source>
        <translation>أُعيدت تسمية الهدف {old} إلى {new}</translation>
    </message>
    <message>
        <source>changed label colours and keys</source>
        <translation>غُيِّرت ألوان الوسوم ومفاتيحها</translation>
    </message>
    <message>
        <source>added {label} {text}</source>
        <translation>أُضيف {label} {text}</translation>
    </message>
    <message>
        <source>now {label}: {text}</source>
        <translation>صار {label}: {text}</translation>
    </message>
    <message>
        <source>deleted {label} {text}</source>
        <translation>حُذف {label} {text}</translation>
    </message>
    <message>
        <source>added {label} {text}, linked to the quotation</source>
        <translation>أُضيف {label} {text} مرتبطًا بالاقتباس</translation>
    </message>
    <message>
        <source>linked {relation}</source>
        <translation>رُبط {relation}</translation>
    </message>
    <message>
        <source>unlinked {relation}</source>
        <translation>فُكّ ربط {relation}</translation>
    </message>
    <message>
        <source>quotation stance: {stance}</source>
        <translation>موقف الاقتباس: {stance}</translation>
    </message>
    <message>
        <source>marked {status}</source>
        <translation>عُلِّم {status}</translation>
    </message>
</context>
<context>
    <name>OthersNote</name>
    <message>
        <source>; </source>
        <translation>؛ </translation>
    </message>
    <message>
        <source>{who} has {spans} here</source>
        <translation>لدى {who} هنا {spans}</translation>
    </message>
    <message>
        <source>{theirs}. You are annotating as {name} ({spans}); the window shows and counts your own work only.</source>
        <translation>‏{theirs}. أنت تسِم باسم {name} ({spans})؛ النافذة تعرض عملك أنت وحده وتعدّه.</translation>
    </message>
    <message>
        <source>Switch annotator…</source>
        <translation>تبديل الموسِّم…</translation>
    </message>
</context>
<context>
    <name>QuotationModel</name>
    <message>
        <source>Quote</source>
        <translation>الاقتباس</translation>
    </message>
    <message>
        <source>Cue</source>
        <translation>فعل القول</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>القائل</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Stance</source>
        <translation>الموقف</translation>
    </message>
</context>
<context>
    <name>QuotationsPanel</name>
    <message>
        <source>Quotations</source>
        <translation>الاقتباسات</translation>
    </message>
    <message>
        <source>No quotation selected: select its words and press Q</source>
        <translation>لا اقتباس محدَّد: حدّد كلماته واضغط Q</translation>
    </message>
    <message>
        <source>target of the speaker&apos;s stance</source>
        <translation>هدف موقف القائل</translation>
    </message>
    <message>
        <source>Kind (K)</source>
        <translation>النوع (K)</translation>
    </message>
    <message>
        <source>Speaker&apos;s stance</source>
        <translation>موقف القائل</translation>
    </message>
    <message>
        <source>toward</source>
        <translation>من</translation>
    </message>
    <message>
        <source>Current: {quote} — C adds its cue, S its speaker</source>
        <translation>الحالي: {quote} — C يضيف فعل القول، وS القائل</translation>
    </message>
</context>
<context>
    <name>SchemaEditor</name>
    <message>
        <source>Schema: labels and targets</source>
        <translation>مخطط الوسوم: الوسوم والأهداف</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>اللون</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <source>Add label…</source>
        <translation>أضف وسمًا…</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>اللون…</translation>
    </message>
    <message>
        <source>Add target…</source>
        <translation>أضف هدفًا…</translation>
    </message>
    <message>
        <source>Rename target…</source>
        <translation>أعد تسمية الهدف…</translation>
    </message>
    <message>
        <source>Labels (double-click a name or key to edit it, the colour to change it):</source>
        <translation>الوسوم (نقرة مزدوجة على اسم أو مفتاح لتحريره، وعلى اللون لتغييره):</translation>
    </message>
    <message>
        <source>Stance targets:</source>
        <translation>أهداف الموقف:</translation>
    </message>
    <message>
        <source>{key} is taken by the workspace (S speaker, K kind); choose another key</source>
        <translation>المفتاح {key} محجوز لمساحة العمل (S القائل، K النوع)؛ اختر مفتاحًا آخر</translation>
    </message>
    <message>
        <source>Colour of {label}</source>
        <translation>لون {label}</translation>
    </message>
    <message>
        <source>Add label</source>
        <translation>إضافة وسم</translation>
    </message>
    <message>
        <source>Name of the new entity label (one word, e.g. NORP):</source>
        <translation>اسم وسم الكيان الجديد (كلمة واحدة، مثل NORP):</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>إضافة هدف</translation>
    </message>
    <message>
        <source>A stance target (e.g. حماس):</source>
        <translation>هدف موقف (مثل حماس):</translation>
    </message>
    <message>
        <source>Rename target</source>
        <translation>إعادة تسمية الهدف</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>الاسم الجديد:</translation>
    </message>
</context>
<context>
    <name>ServerProjectDialog</name>
    <message>
        <source>Open a project on a server</source>
        <translation>فتح مشروع على خادم</translation>
    </message>
    <message>
        <source>Server project URL</source>
        <translation>عنوان مشروع الخادم</translation>
    </message>
    <message>
        <source>The project&apos;s PostgreSQL database, as a URL (the first line below). The password is not written into the URL nor kept by annotator: put it in a password file, a service file or the environment (the second line); if the server asks for one, you are asked for it when the project opens.</source>
        <translation>قاعدة بيانات PostgreSQL الخاصة بالمشروع، في صورة عنوان (السطر الأول أدناه). لا تُكتب كلمة المرور في العنوان ولا يحفظها البرنامج: ضعها في ملف كلمات المرور أو في ملف خدمة أو في متغيرات البيئة (السطر الثاني)؛ وإذا طلبها الخادم فستُسأل عنها عند فتح المشروع.</translation>
    </message>
    <message>
        <source>Server project URL:</source>
        <translation>عنوان مشروع الخادم:</translation>
    </message>
    <message>
        <source>The server refused that password. Password for {location}:</source>
        <translation>رفض الخادم كلمة المرور هذه. كلمة المرور لـ {location}:</translation>
    </message>
    <message>
        <source>The server asks for a password. Password for {location}:</source>
        <translation>يطلب الخادم كلمة مرور. كلمة المرور لـ {location}:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>كلمة المرور</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>System</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>Back up the project when the window opens it, then every hour</source>
        <translation>نسخة احتياطية من المشروع عند فتحه في النافذة، ثم كل ساعة</translation>
    </message>
    <message>
        <source>Annotator in this project:</source>
        <translation>الموسِّم في هذا المشروع:</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>لغة الواجهة:</translation>
    </message>
    <message>
        <source>The language applies at the next start.</source>
        <translation>تسري اللغة عند التشغيل التالي.</translation>
    </message>
    <message>
        <source>Backups:</source>
        <translation>النسخ الاحتياطية:</translation>
    </message>
    <message>
        <source>Imports and merges from the command line back up an existing project first either way.</source>
        <translation>الاستيراد والدمج من سطر الأوامر يأخذان نسخة احتياطية من المشروع الموجود أولًا في كل الأحوال.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>أبدًا</translation>
    </message>
    <message>
        <source>Train the model again after every:</source>
        <translation>إعادة تدريب النموذج بعد كل:</translation>
    </message>
    <message>
        <source>documents marked done (in the background; 0: never)</source>
        <translation>وثائق معلَّمة منجزة (في الخلفية؛ 0: أبدًا)</translation>
    </message>
    <message>
        <source>Accept all confident suggestions from:</source>
        <translation>قبول كل الاقتراحات الواثقة ابتداءً من:</translation>
    </message>
    <message>
        <source>Article font:</source>
        <translation>خط المقال:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>الحجم:</translation>
    </message>
    <message>
        <source>General</source>
        <translation>عام</translation>
    </message>
    <message>
        <source>Article font</source>
        <translation>خط المقال</translation>
    </message>
    <message>
        <source>Labels and keys</source>
        <translation>الوسوم والمفاتيح</translation>
    </message>
    <message>
        <source>Your labels are kept under this name; another name shows that annotator&apos;s work.</source>
        <translation>تُحفظ وسومك باسمك هذا؛ واختيار اسم آخر يعرض عمل ذلك الموسِّم.</translation>
    </message>
    <message>
        <source>Open a project to choose who annotates in it.</source>
        <translation>افتح مشروعًا لتختار من يوسِّم فيه.</translation>
    </message>
</context>
<context>
    <name>SpanTableModel</name>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
</context>
<context>
    <name>StancePanel</name>
    <message>
        <source>Document stance</source>
        <translation>موقف المستند</translation>
    </message>
    <message>
        <source>Stance targets</source>
        <translation>أهداف الموقف</translation>
    </message>
    <message>
        <source>new target, e.g. إسرائيل</source>
        <translation>هدف جديد، مثل إسرائيل</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>إضافة هدف</translation>
    </message>
    <message>
        <source>unset (0)</source>
        <translation>بلا موقف (0)</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>&lt;h1&gt;annotator&lt;/h1&gt;&lt;p&gt;Label Arabic news articles: entities, quotations, stances.&lt;/p&gt;</source>
        <translation>&lt;h1&gt;annotator&lt;/h1&gt;&lt;p&gt;وسم المقالات الإخبارية العربية: الكيانات والاقتباسات والمواقف.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>New project…</source>
        <translation>مشروع جديد…</translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation>فتح مشروع…</translation>
    </message>
    <message>
        <source>Open the demo project (5 articles)</source>
        <translation>فتح المشروع التجريبي (5 مقالات)</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>المشاريع الأخيرة</translation>
    </message>
    <message>
        <source>Recent projects (double-click or Enter to open):</source>
        <translation>المشاريع الأخيرة (نقرة مزدوجة أو Enter للفتح):</translation>
    </message>
</context>
<context>
    <name>SuggestionsDialog</name>
    <message>
        <source>suggested: {label} ({source})</source>
        <translation>مقترح: {label} ({source})</translation>
    </message>
    <message>
        <source>suggested: {label} ({source}, {score} %)</source>
        <translation>مقترح: {label} ({source}، {score} %)</translation>
    </message>
    <message>
        <source>Suggestions (never saved until accepted)</source>
        <translation>الاقتراحات (لا تُحفظ حتى تُقبل)</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>المصدر</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <source>Speaker / cue</source>
        <translation>القائل / فعل القول</translation>
    </message>
    <message>
        <source>Compute…</source>
        <translation>احسب…</translation>
    </message>
    <message>
        <source>Cues…</source>
        <translation>أفعال القول…</translation>
    </message>
    <message>
        <source>Enter accept · Backspace reject · A accept all of this document · Ctrl+Z undo</source>
        <translation>‏Enter قبول · Backspace رفض · A قبول كل ما في هذا المستند · Ctrl+Z تراجع</translation>
    </message>
    <message>
        <source>; </source>
        <translation>؛ </translation>
    </message>
    <message>
        <source>{source}: {accepted} accepted, {rejected} rejected</source>
        <translation>‏{source}: قُبل {accepted}، ورُفض {rejected}</translation>
    </message>
    <message>
        <source>{n} open here</source>
        <translation>مفتوح هنا: {n}</translation>
    </message>
    <message>
        <source>accepted {label} «{text}»</source>
        <translation>قُبل {label} «{text}»</translation>
    </message>
    <message>
        <source>rejected {label} «{text}»</source>
        <translation>رُفض {label} «{text}»</translation>
    </message>
    <message>
        <source>accepted every open suggestion of this document</source>
        <translation>قُبلت كل الاقتراحات المفتوحة في هذا المستند</translation>
    </message>
    <message>
        <source>new suggestions: {counts}</source>
        <translation>اقتراحات جديدة: {counts}</translation>
    </message>
    <message>
        <source>Reporting verbs (cues)</source>
        <translation>أفعال القول</translation>
    </message>
    <message>
        <source>One cue per line (قال، أضاف، أكد ...):</source>
        <translation>فعل قول واحد في كل سطر (قال، أضاف، أكد ...):</translation>
    </message>
    <message>
        <source>{cues} kept in the project</source>
        <translation>حُفظت في المشروع {cues}</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <source>quotation</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <source>cue</source>
        <translation>فعل القول</translation>
    </message>
    <message>
        <source>stance</source>
        <translation>موقف</translation>
    </message>
    <message>
        <source>direct</source>
        <translation>مباشر</translation>
    </message>
    <message>
        <source>indirect</source>
        <translation>غير مباشر</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>مختلط</translation>
    </message>
    <message>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <source>project</source>
        <translation>المشروع</translation>
    </message>
    <message>
        <source>gazetteer</source>
        <translation>معجم الأعلام</translation>
    </message>
    <message>
        <source>model</source>
        <translation>النموذج</translation>
    </message>
    <message>
        <source>person</source>
        <translation>شخص</translation>
    </message>
    <message>
        <source>organisation</source>
        <translation>منظمة</translation>
    </message>
    <message>
        <source>geopolitical entity</source>
        <translation>كيان جغرافي سياسي</translation>
    </message>
    <message>
        <source>location</source>
        <translation>مكان</translation>
    </message>
    <message>
        <source>facility</source>
        <translation>منشأة</translation>
    </message>
    <message>
        <source>event</source>
        <translation>حدث</translation>
    </message>
    <message>
        <source>miscellaneous</source>
        <translation>متفرقات</translation>
    </message>
    <message>
        <source>group (nationality, religion, party)</source>
        <translation>جماعة (جنسية، دين، حزب)</translation>
    </message>
    <message>
        <source>in favour</source>
        <translation>مؤيد</translation>
    </message>
    <message>
        <source>against</source>
        <translation>معارض</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>محايد</translation>
    </message>
    <message>
        <source>unrelated</source>
        <translation>غير ذي صلة</translation>
    </message>
    <message>
        <source>adding a span</source>
        <translation>إضافة مقطع</translation>
    </message>
    <message>
        <source>changing a span</source>
        <translation>تعديل مقطع</translation>
    </message>
    <message>
        <source>deleting a span</source>
        <translation>حذف مقطع</translation>
    </message>
    <message>
        <source>labelling every occurrence</source>
        <translation>وسم كل الورودات</translation>
    </message>
    <message>
        <source>linking two spans</source>
        <translation>ربط مقطعين</translation>
    </message>
    <message>
        <source>unlinking two spans</source>
        <translation>فك ربط مقطعين</translation>
    </message>
    <message>
        <source>setting the document&apos;s stance</source>
        <translation>تعيين موقف المستند</translation>
    </message>
    <message>
        <source>changing the document&apos;s status</source>
        <translation>تغيير حالة المستند</translation>
    </message>
    <message>
        <source>taking a version into gold</source>
        <translation>إدخال نسخة في المعيار الذهبي</translation>
    </message>
    <message>
        <source>taking the agreed units into gold</source>
        <translation>إدخال المتفق عليه في المعيار الذهبي</translation>
    </message>
    <message>
        <source>rejecting a unit</source>
        <translation>رفض وحدة</translation>
    </message>
    <message>
        <source>taking back a rejection</source>
        <translation>سحب رفض</translation>
    </message>
    <message>
        <source>accepting a suggestion</source>
        <translation>قبول اقتراح</translation>
    </message>
    <message>
        <source>accepting every suggestion</source>
        <translation>قبول كل الاقتراحات</translation>
    </message>
    <message>
        <source>rejecting a suggestion</source>
        <translation>رفض اقتراح</translation>
    </message>
    <message>
        <source>target</source>
        <translation>الهدف</translation>
    </message>
    <message>
        <source>, </source>
        <translation>، </translation>
    </message>
</context>
<context>
    <name>TrainModelDialog</name>
    <message>
        <source>Train</source>
        <translation>تدريب</translation>
    </message>
    <message>
        <source>Train a model</source>
        <translation>تدريب نموذج</translation>
    </message>
    <message>
        <source>gold</source>
        <translation>الذهبية</translation>
    </message>
    <message>
        <source>It learns from the documents marked done (20 % of them held out to score it), in the background: go on labelling. The model goes to {folder}.</source>
        <translation>يتعلم من الوثائق المعلَّمة منجزة (تُحجز 20 % منها لتقييمه)، في الخلفية: تابع الوسم. يُحفظ النموذج في {folder}.</translation>
    </message>
    <message>
        <source>Learn from:</source>
        <translation>التعلم من:</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <source>Files to import</source>
        <translation>ملفات للاستيراد</translation>
    </message>
    <message>
        <source>Folder to import</source>
        <translation>مجلد للاستيراد</translation>
    </message>
    <message>
        <source>Folder for the {format} export</source>
        <translation>مجلد تصدير {format}</translation>
    </message>
    <message>
        <source>File for the {format} export</source>
        <translation>ملف تصدير {format}</translation>
    </message>
    <message>
        <source>reading {file}</source>
        <translation>قراءة {file}</translation>
    </message>
    <message>
        <source>writing {documents} to the project</source>
        <translation>كتابة {documents} في المشروع</translation>
    </message>
    <message>
        <source>writing {name}</source>
        <translation>كتابة {name}</translation>
    </message>
    <message>
        <source>checking SQLite, offsets, texts, relations…</source>
        <translation>فحص SQLite والمواضع والنصوص والعلاقات…</translation>
    </message>
    <message>
        <source>looking for spans with punctuation at their edges…</source>
        <translation>البحث عن مقاطع في أطرافها علامات ترقيم…</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Article</source>
        <translation>المقال</translation>
    </message>
    <message>
        <source>Quotations</source>
        <translation>الاقتباسات</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>الكيانات</translation>
    </message>
    <message>
        <source>Document stance</source>
        <translation>موقف المستند</translation>
    </message>
    <message>
        <source>{change} (in another document)</source>
        <translation>‏{change} (في مستند آخر)</translation>
    </message>
    <message>
        <source>1-9 relabel, Del delete, S speaker — selected {span}</source>
        <translation>1-9 تغيير الوسم، Del حذف، S القائل — المحدَّد {span}</translation>
    </message>
    <message>
        <source>select some words first (or click an entity to relabel it)</source>
        <translation>حدّد كلمات أولًا (أو انقر كيانًا لتغيير وسمه)</translation>
    </message>
    <message>
        <source>quotation added (direct; K for indirect): now select its cue verb and press C, its speaker and press S</source>
        <translation>أُضيف اقتباس (مباشر؛ K لغير المباشر): حدّد الآن فعل القول واضغط C، ثم القائل واضغط S</translation>
    </message>
    <message>
        <source>select the quoted words first, then press Q</source>
        <translation>حدّد الكلمات المقتبسة أولًا، ثم اضغط Q</translation>
    </message>
    <message>
        <source>cue added, linked to no quotation (select a quotation first to link it)</source>
        <translation>أُضيف فعل قول غير مرتبط باقتباس (حدّد اقتباسًا أولًا لربطه)</translation>
    </message>
    <message>
        <source>select the cue verb (قال، أكد ...) first, then press C</source>
        <translation>حدّد فعل القول (قال، أكد ...) أولًا، ثم اضغط C</translation>
    </message>
    <message>
        <source>choose a quotation first (press Q on its words, or click it), then S on the speaker</source>
        <translation>اختر اقتباسًا أولًا (اضغط Q على كلماته أو انقره)، ثم S على القائل</translation>
    </message>
    <message>
        <source>click the speaker&apos;s entity (or select the speaker&apos;s name), then press S</source>
        <translation>انقر كيان القائل (أو حدّد اسمه)، ثم اضغط S</translation>
    </message>
    <message>
        <source>speaker of the quotation: {text}</source>
        <translation>قائل الاقتباس: {text}</translation>
    </message>
    <message>
        <source>choose a quotation first (click it or press Q on its words)</source>
        <translation>اختر اقتباسًا أولًا (انقره أو اضغط Q على كلماته)</translation>
    </message>
    <message>
        <source>quotation kind: {kind} (K again: {next})</source>
        <translation>نوع الاقتباس: {kind} (K مرة أخرى: {next})</translation>
    </message>
    <message>
        <source>click a span (or Tab to it) to delete it</source>
        <translation>انقر مقطعًا (أو انتقل إليه بـ Tab) لحذفه</translation>
    </message>
    <message>
        <source>keyboard in: {panel}</source>
        <translation>لوحة المفاتيح في: {panel}</translation>
    </message>
    <message>
        <source>panel</source>
        <translation>لوحة</translation>
    </message>
</context>
</TS>
