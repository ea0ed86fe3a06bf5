/**
 * The Hugging Face Trainer script a local fine-tuning job runs in the user's Python environment (one that has
 * torch, transformers and datasets). It reads its settings from the JSON file named as its argument, prints the
 * Trainer's log lines as it trains (unbuffered), saves the model and tokenizer to `<output>/model`, and prints
 * the final validation (`eval_…`) and test (`test_…`) metrics as one `FM_METRICS {json}` line, which the job reads back. The
 * Trainer's log lines (`{'loss': 0.69, 'epoch': 0.5}`, `disable_tqdm` makes it print them) are the job's curves
 * (`core/metrics/metricHistory.ts`).
 */
export const TEXT_CLASSIFICATION_TRAINER = String.raw`
import inspect, json, sys
config = json.load(open(sys.argv[1], encoding="utf-8"))

import numpy as np
from datasets import load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments, set_seed)

set_seed(config["seed"])
files = {"train": config["train"]}
for part in ("validation", "test"):
    if config.get(part):
        files[part] = config[part]
data = load_dataset("json", data_files=files)
labels = sorted({str(label) for split in data.values() for label in split["label"]})
label2id = {label: i for i, label in enumerate(labels)}
print(", ".join(f"{len(data[part])} {part} records" for part in data) + f"; labels: {', '.join(labels)}", flush=True)

tokenizer = AutoTokenizer.from_pretrained(config["model"])
pairs = "sentence2" in data["train"].column_names

def encode(batch):
    encoded = tokenizer(batch["sentence"], batch["sentence2"] if pairs else None, truncation=True, max_length=config["max_length"])
    encoded["labels"] = [label2id[str(label)] for label in batch["label"]]
    return encoded

data = data.map(encode, batched=True, remove_columns=data["train"].column_names)
model = AutoModelForSequenceClassification.from_pretrained(
    config["model"], num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=label2id, ignore_mismatched_sizes=True)

def metrics(prediction):
    predicted = np.argmax(prediction.predictions, axis=-1)
    return {"accuracy": float((predicted == prediction.label_ids).mean())}

# transformers renamed evaluation_strategy to eval_strategy (4.41); pass whichever this version takes.
strategy = "eval_strategy" if "eval_strategy" in inspect.signature(TrainingArguments).parameters else "evaluation_strategy"
arguments = TrainingArguments(
    output_dir=config["output"] + "/checkpoints", num_train_epochs=config["epochs"], learning_rate=config["learning_rate"],
    per_device_train_batch_size=config["batch_size"], per_device_eval_batch_size=config["batch_size"], seed=config["seed"],
    save_strategy="no", logging_steps=10, report_to=[], disable_tqdm=True,
    **{strategy: "epoch" if "validation" in data else "no"})
trainer = Trainer(model=model, args=arguments, train_dataset=data["train"], eval_dataset=data.get("validation"),
                  data_collator=DataCollatorWithPadding(tokenizer), compute_metrics=metrics)
trainer.train()
result = trainer.evaluate() if "validation" in data else {}
if "test" in data:
    # The held-out test part, scored once after training: its metrics keep their test_ prefix.
    result.update(trainer.evaluate(data["test"], metric_key_prefix="test"))
trainer.save_model(config["output"] + "/model")
tokenizer.save_pretrained(config["output"] + "/model")
print("FM_METRICS " + json.dumps({key: value for key, value in result.items() if isinstance(value, (int, float))}), flush=True)
`;

/** Prints which of the modules a fine-tuning run needs are importable, as JSON. */
export const ENVIRONMENT_PROBE = String.raw`
import importlib.util, json, sys
print(json.dumps({"python": sys.version.split()[0], "modules": {m: importlib.util.find_spec(m) is not None for m in ["torch", "transformers", "datasets", "accelerate"]}}))
`;
